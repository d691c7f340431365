package org.dmask.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test broker is a real one: records written with acks=all survive its kill -9 and restart on the same data. */
@PeerTest
class KafkaBrokerTest {

    @Test
    void recordsSurviveKillMinus9AndRestart(@TempDir Path tmp) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("kafka"))) {
            Properties pp = new Properties();
            pp.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            pp.setProperty(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> p = new KafkaProducer<>(pp, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    p.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
                }
            }
            broker.kill();
            assertFalse(broker.running());
            broker.start();
            Properties cp = new Properties();
            cp.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            cp.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "g");
            cp.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> got = new ArrayList<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cp, new StringDeserializer(),
                    new StringDeserializer())) {
                c.subscribe(List.of("t"));
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (got.size() < 10 && System.nanoTime() < end) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        got.add(r.value());
                    }
                }
            }
            got.sort(null);
            assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"), got);
        }
    }
}
