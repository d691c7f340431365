package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dimse.StoreScu;
import org.dmask.route.GatewayHarness;
import org.dmask.route.cluster.ClusterHarness;
import org.dmask.route.cluster.ClusterRole;
import org.dmask.route.cluster.FileObjectStore;
import org.dmask.route.cluster.JobKind;
import org.dmask.route.cluster.Topics;
import org.dmask.testing.KafkaBroker;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode with a real broker (Kafka in its own JVM) and DCMTK at both ends: an ingest node answers C-STORE from
 * storescu while no worker runs (objects wait in the shared store, jobs in Kafka); a worker node then drains the
 * backlog, through the retry topic while storescp is still down, and every image reaches storescp de-identified. The
 * video, for which no masker exists here, goes to the store's dead-letter area and the dead-letters topic (fail
 * closed). At the end no object is left in the store and every record was committed.
 */
@PeerTest
class ClusterKafkaTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int IMAGES = 40;

    @TempDir
    Path tmp;

    @Test
    void ingestAnswersWhileNoWorkerRunsThenAWorkerDrainsTheBacklog() throws Exception {
        Path storescu = Peers.require("storescu", "dcmtk");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path video = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        List<Path> images = RouteTestSupport.copies(ct, tmp.resolve("outbox"), IMAGES, "3232");
        int targetPort = DimseTestSupport.freePort();
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                mode: first-match
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: all
                    deid: basic
                    mask: full
                    targets: [dcmtk]
                """.formatted(targetPort));
        Path objects = tmp.resolve("objects");
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Process storescp = null;
        try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("kafka"));
                ClusterHarness ingest = ClusterHarness.start(tmp.resolve("ingest"), rules, ClusterRole.INGEST,
                        broker.bootstrapServers(), "test.", objects, 2)) {
            // no worker runs: every C-STORE is still answered with success, the objects wait in the store
            Peers.ProcessResult sent = storescu(storescu, ingest.gateway().scp().port(), images);
            assertEquals(0, sent.exitCode(), sent.toString() + sent.stdoutUtf8());
            sent = storescu(storescu, ingest.gateway().scp().port(), List.of(video), "-R", "-xn");
            assertEquals(0, sent.exitCode(), sent.toString() + sent.stdoutUtf8());
            FileObjectStore store = new FileObjectStore(objects);
            assertEquals(IMAGES + 1, store.keys().size(), "every acknowledged object is in the store");
            assertEquals(IMAGES + 1, endOffsets(broker, List.of("test.jobs.image", "test.jobs.video")),
                    "one job record per object");
            assertEquals(0, ingest.gateway().store().pending(), "the ingest node keeps no job of its own");

            // a worker with the target still down: the jobs go round the retry topic, no object is lost
            try (ClusterHarness worker = ClusterHarness.start(tmp.resolve("worker"), rules, ClusterRole.WORKER,
                    broker.bootstrapServers(), "test.", objects, 2)) {
                RouteTestSupport.await(LIMIT, "retries on the retry topic", () -> endOffsets(broker,
                        List.of("test.retry")) >= IMAGES);
                // the video (no masker here) leaves objects/ for dead-letters/ on its own time: wait for it first
                RouteTestSupport.await(LIMIT, "the video in dead letters", () -> deadLetters(store) == 1);
                RouteTestSupport.await(LIMIT, "only the images left in the store, waiting for their retries",
                        () -> keys(store) == IMAGES);

                storescp = RouteTestSupport.storescp(targetPort, out, tmp.resolve("storescp.log"));
                RouteTestSupport.await(LIMIT, "the backlog to drain", () -> RouteTestSupport.files(out, ".dcm")
                        .size() >= IMAGES && keys(store) == 0);
                assertEquals(0, worker.gateway().store().pending(), "nothing left staged on the worker");
            }
            assertEquals(List.of(), store.keys(), "no object left in the store");
            assertEquals(1, endOffsets(broker, List.of("test.dead-letters")), "the video's dead-letter record");
            assertEquals(2, store.deadLetterFiles().size(), "the video as received and its reasons: "
                    + store.deadLetterFiles());
            String reasons = Files.readString(objects.resolve("dead-letters").resolve(
                    store.deadLetterFiles().stream().filter(n -> n.endsWith(".reason.txt")).findFirst().orElseThrow()));
            assertTrue(reasons.contains("mask"), reasons);

            Pseudonymizer p = new Pseudonymizer(GatewayHarness.KEY);
            Set<String> expected = new HashSet<>();
            for (Path f : images) {
                expected.add(p.uid(StoreScu.probe(f).iuid()));
            }
            Set<String> arrived = new HashSet<>();
            Attributes original = RouteTestSupport.read(ct);
            for (Path f : RouteTestSupport.files(out, ".dcm")) {
                Attributes ds = RouteTestSupport.read(f);
                assertTrue(ds.contains(Tag.PixelData), "complete: " + f);
                assertNotEquals(original.getString(Tag.PatientName), ds.getString(Tag.PatientName));
                assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
                arrived.add(ds.getString(Tag.SOPInstanceUID));
            }
            assertEquals(expected, arrived, "every image arrived, under its keyed pseudonymous UID");
            assertFalse(arrived.contains(StoreScu.probe(images.get(0)).iuid()));
            assertEquals(0, lag(broker, "test."), "every job record was committed by the workers");
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    /** DCMTK storescu to the ingest node; videos need {@code -R -xn} (H.264), images none. */
    static Peers.ProcessResult storescu(Path storescu, int port, List<Path> files, String... options) {
        List<String> cmd = new ArrayList<>(List.of(storescu.toString(), "-aet", "MODALITY1", "-aec", "DMASK"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("127.0.0.1", Integer.toString(port)));
        files.forEach(f -> cmd.add(f.toString()));
        return Peers.run(Duration.ofSeconds(120), cmd); // with TCP_NODELAY=1
    }

    private static int keys(FileObjectStore store) {
        try {
            return store.keys().size();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static int deadLetters(FileObjectStore store) {
        try {
            return (int) store.deadLetterFiles().stream().filter(n -> n.endsWith(".reason.txt")).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static Admin admin(KafkaBroker broker) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(p);
    }

    /** Records ever written to these topics (all partitions). */
    static long endOffsets(KafkaBroker broker, List<String> topics) {
        try (Admin admin = admin(broker)) {
            Map<TopicPartition, OffsetSpec> want = new java.util.HashMap<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(pi -> want.put(new TopicPartition(d.name(), pi.partition()),
                        OffsetSpec.latest()));
            }
            return admin.listOffsets(want).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Records of the jobs and retry topics the workers' group has not committed. */
    static long lag(KafkaBroker broker, String prefix) throws Exception {
        Topics topics = new Topics(prefix);
        try (Admin admin = admin(broker)) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(topics.workerGroup()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> want = new java.util.HashMap<>();
            for (var d : admin.describeTopics(List.of(topics.jobs(JobKind.IMAGE), topics.jobs(JobKind.VIDEO),
                    topics.retry())).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(pi -> want.put(new TopicPartition(d.name(), pi.partition()),
                        OffsetSpec.latest()));
            }
            long lag = 0;
            for (var e : admin.listOffsets(want).all().get(30, TimeUnit.SECONDS).entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }
}
