package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmask.admin.ops.AdminOpsHarness;
import org.dmask.admin.ops.DeadLetterOps;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dimse.StoreScu;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewaySettings;
import org.dmask.route.cluster.ClusterHarness;
import org.dmask.route.cluster.ClusterNode;
import org.dmask.route.cluster.ClusterRole;
import org.dmask.route.cluster.FileObjectStore;
import org.dmask.route.cluster.JobKind;
import org.dmask.route.delivery.Backoff;
import org.dmask.testing.KafkaBroker;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters of a cluster, seen and handled by an operator on another node: a worker keeps the jobs that failed
 * past their maximum age (storescp down) in the shared store, encrypted; the ingest node's admin services (what the
 * REST API and the console call) list them with their reasons, delete one (audited with the user), retry one after
 * storescp came back (a job record on the jobs topic, the object at storescp de-identified, the dead letter gone,
 * audited), and the retention purges the last.
 */
@PeerTest
class ClusterDeadLetterTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void anOperatorOnAnyNodeListsRetriesAndDeletesTheSharedDeadLetters() throws Exception {
        Path storescu = Peers.require("storescu", "dcmtk");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        List<Path> images = RouteTestSupport.copies(ct, tmp.resolve("outbox"), 3, "4242");
        int targetPort = DimseTestSupport.freePort();
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                mode: first-match
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: all
                    deid: basic
                    targets: [dcmtk]
                """.formatted(targetPort));
        Path objects = tmp.resolve("objects");
        Path key = tmp.resolve("dead-letter.key");
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Pseudonymizer p = new Pseudonymizer(GatewayHarness.KEY);
        Map<String, Path> byInstancePseudonym = new HashMap<>();
        for (Path f : images) {
            byInstancePseudonym.put(p.uid(StoreScu.probe(f).iuid()), f);
        }
        String study = p.uid(RouteTestSupport.read(ct).getString(Tag.StudyInstanceUID));
        Process storescp = null;
        try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("kafka"));
                ClusterHarness ingest = node(tmp.resolve("ingest"), rules, ClusterRole.INGEST, broker, objects, key);
                ClusterHarness worker = node(tmp.resolve("worker"), rules, ClusterRole.WORKER, broker, objects, key)) {
            DeadLetterOps ops = AdminOpsHarness.deadLetterOps(ingest.gateway(), ingest.audit());
            Peers.ProcessResult sent = ClusterKafkaTest.storescu(storescu, ingest.gateway().scp().port(), images);
            assertEquals(0, sent.exitCode(), sent.toString() + sent.stdoutUtf8());

            // storescp is down: each job goes round the retry topic until its maximum age, then to dead letters
            RouteTestSupport.await(LIMIT, "3 dead letters seen from the ingest node", () -> holds(() -> ops.list(
                    null, null).size() == 3));
            FileObjectStore store = new FileObjectStore(objects);
            RouteTestSupport.await(LIMIT, "the objects to leave the store", () -> holds(() -> store.keys().isEmpty()));
            List<DeadLetterOps.DeadLetterView> listed = ops.list("dcmtk", null);
            assertEquals(3, listed.size());
            for (DeadLetterOps.DeadLetterView v : listed) {
                assertTrue(v.encrypted() && v.size() > 0, "kept encrypted: " + v);
                assertEquals(List.of("dcmtk"), v.targets());
                Map<String, String> reason = v.reasons().get(0);
                assertEquals("all", reason.get("rule"), reason.toString());
                assertEquals("dcmtk", reason.get("target"));
                assertEquals(study, reason.get("study"), "the study's keyed pseudonym");
                assertTrue(byInstancePseudonym.containsKey(reason.get("instance")), reason.toString());
                assertTrue(Integer.parseInt(reason.get("attempts")) >= 1, reason.toString());
                assertTrue(reason.get("reason").contains("maximum age"), reason.toString());
                assertTrue(v.lastFailure().isBefore(Instant.now().plusSeconds(1)));
            }
            assertEquals(List.of(), ops.list("other", null), "no dead letter for another target");
            assertEquals(6, store.deadLetterFiles().size(), "objects and reasons: " + store.deadLetterFiles());
            assertThrows(java.util.NoSuchElementException.class, () -> ops.get("no-such-dead-letter"));

            // delete one, audited with the user
            String deleted = listed.get(0).name();
            ops.delete("alice", deleted);
            assertThrows(java.util.NoSuchElementException.class, () -> ops.get(deleted));
            assertTrue(store.deadLetterFiles().stream().noneMatch(n -> n.startsWith(deleted)), "files deleted");
            assertEquals(2, worker.gateway().deadLetters().list().size(), "gone for the worker too");

            // the target is back: retry one; it arrives de-identified, its dead letter leaves the store
            storescp = RouteTestSupport.storescp(targetPort, out, tmp.resolve("storescp.log"));
            DeadLetterOps.DeadLetterView retried = listed.get(1);
            long before = ClusterKafkaTest.endOffsets(broker, List.of("dl.jobs.image"));
            DeadLetterOps.RetryResult r = ops.retry("bob", retried.name(), null);
            assertEquals(1, r.jobs());
            assertEquals(List.of("dcmtk"), r.targets());
            assertEquals(before + 1, ClusterKafkaTest.endOffsets(broker, List.of("dl.jobs.image")),
                    "the retry is one job record on the jobs topic");
            assertThrows(java.util.NoSuchElementException.class, () -> ops.get(retried.name()));
            RouteTestSupport.await(LIMIT, "the retried object at storescp", () -> RouteTestSupport.files(out,
                    ".dcm").size() == 1);
            Attributes arrived = RouteTestSupport.read(RouteTestSupport.files(out, ".dcm").get(0));
            String instance = retried.reasons().get(0).get("instance");
            assertEquals(instance, arrived.getString(Tag.SOPInstanceUID), "the retried one, under its pseudonym");
            assertEquals("YES", arrived.getString(Tag.PatientIdentityRemoved));
            assertTrue(arrived.contains(Tag.PixelData));
            RouteTestSupport.await(LIMIT, "the retried object to leave the store", () -> holds(() -> store.keys().isEmpty()));

            // the retention purges what is left (here: everything that failed before now)
            String last = listed.get(2).name();
            assertEquals(List.of(last), ingest.gateway().deadLetters().purge(Instant.now().plusSeconds(1)));
            assertEquals(List.of(), store.deadLetterFiles(), "the store's dead-letter area is empty");
            assertEquals(List.of(), ops.list(null, null));
            assertEquals(0, ClusterKafkaTest.lag(broker, "dl."), "every job record was committed");

            String audit = Files.readString(ingest.audit().file());
            assertTrue(audit.lines().anyMatch(l -> l.contains("dead-letters.delete") && l.contains("alice")
                    && l.contains(deleted)), audit);
            assertTrue(audit.lines().anyMatch(l -> l.contains("dead-letters.retry") && l.contains("bob")
                    && l.contains(retried.name()) && l.contains("\"outcome\":\"success\"")), audit);
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    /** Whether the check holds now; false when it cannot be read (a file being renamed by another node). */
    private static boolean holds(java.util.concurrent.Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return false;
        }
    }

    /** A node whose jobs fail for good after one second (storescp down), dead letters encrypted with one key. */
    private static ClusterHarness node(Path work, Path rules, ClusterRole role, KafkaBroker broker, Path objects,
            Path key) throws Exception {
        GatewaySettings s = GatewayHarness.settings(work, rules, role.ingests() ? ClusterHarness.scpUri(work) : null);
        s = new GatewaySettings(s.workDirectory(), s.rulesFile(), s.dicomUri(), s.spoolDirectory(), s.dropFolder(),
                new Backoff(Duration.ofMillis(200), Duration.ofMillis(400), 2.0, Duration.ofSeconds(1)), 2,
                s.pollMillis(), s.rulesCheckMillis()).withDeadLetterKeyFile(key);
        return ClusterHarness.start(s, ClusterNode.kafka(role, broker.bootstrapServers(), "dl.",
                new FileObjectStore(objects), Set.of(JobKind.VIDEO, JobKind.IMAGE)));
    }
}
