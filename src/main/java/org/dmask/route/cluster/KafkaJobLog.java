package org.dmask.route.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The job log in Kafka: one idempotent producer with {@code acks=all} shared by the node's threads, the topics
 * (created when missing), and consumers of the workers' group that commit by hand.
 */
public final class KafkaJobLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaJobLog.class);
    /** Partitions of the topics this node creates when they are missing (the most workers a topic can feed). */
    static final int PARTITIONS = 12;
    /** How long a publish may wait for the brokers before the caller is told it failed. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaJobLog(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "dmask-" + ProcessHandle.current().pid());
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Creates the topics that are missing ({@value #PARTITIONS} partitions, the brokers' default replication). A
     * cluster where dmask may not create topics has them made by its operators: then this only logs.
     */
    public void ensureTopics() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics.all()) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.of(PARTITIONS), Optional.empty()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    LOG.infof("created Kafka topic %s (%d partitions)", e.getKey(), PARTITIONS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("cannot create Kafka topic %s: %s", e.getKey(), ex.getCause().getMessage());
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka brokers at " + bootstrapServers
                    + " (dmask.cluster.kafka.bootstrap-servers): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka topics", e);
        }
    }

    /**
     * Publishes a record and returns once every in-sync replica has it ({@code acks=all}); throws when the brokers do
     * not confirm it within {@link #SEND_TIMEOUT}.
     */
    public void publish(String topic, String key, byte[] value) throws java.io.IOException {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT.toMillis() + 5000,
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new java.io.IOException("Kafka did not confirm the record on " + topic + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted while publishing to " + topic, e);
        }
    }

    /**
     * A consumer of the workers' group: offsets committed by hand only, at most {@code maxRecords} per poll, and a
     * poll interval long enough for one record's whole work (a video's mask).
     */
    public KafkaConsumer<String, byte[]> consumer(String clientId, int maxRecords, Duration maxWork) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, topics.workerGroup());
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxRecords));
        p.setProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(maxWork.toMillis()));
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // the classic group protocol (any broker since 2.4): a worker killed with -9 loses its partitions after 10 s;
        // the cooperative assignor lets the others keep theirs while that happens
        p.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        p.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

}
