package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.dmask.route.spool.Arrival;
import org.dmask.route.GatewayHarness;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads. A target down for ten seconds while ten objects wait: a single WARN line (target,
 * attempt, next try, the peer's reason), no stack trace from dmask or Camel, one INFO line when the target is back and
 * one per delivered object, by pseudonymous UIDs only. An object no rule takes: a WARN without its original UID. A
 * restart counts the jobs still to deliver, not the job files.
 */
@PeerTest
class GatewayLogTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static String text(LogRecord r) {
        String m = r.getMessage();
        return r.getParameters() == null || r.getParameters().length == 0 ? m
                : new java.util.logging.SimpleFormatter().formatMessage(r);
    }

    private List<String> lines(Level level, String logger) {
        return records.stream().filter(r -> r.getLevel().equals(level) && r.getLoggerName().startsWith(logger))
                .map(GatewayLogTest::text).toList();
    }

    private Path rules(int port) throws Exception {
        Path f = tmp.resolve("rules.yaml");
        Files.writeString(f, """
                mode: first-match
                targets:
                  pacs: dicom:DCMTK@127.0.0.1:%d
                  archive: archive:%s
                rules:
                  - name: ct
                    match:
                      modality: {in: [CT]}
                    deid: basic
                    targets: [pacs, archive]
                """.formatted(port, tmp.resolve("archive")));
        return f;
    }

    /** Routes a copy spooled as the SCP spools it: named by its original SOP Instance UID. */
    private static void route(GatewayHarness h, Path file, String originalUid) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve(originalUid + ".dcm");
        Files.copy(file, spooled);
        h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", "127.0.0.1", "dimse"));
    }

    @Test
    void anOutageIsOneWarnLineAndEachDeliveryOneInfoLine() throws Exception {
        int port = DimseTestSupport.freePort();
        Path work = tmp.resolve("gw");
        List<Path> cts = RouteTestSupport.copies(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"),
                tmp.resolve("in"), 10, "8101");
        Path mr = Peers.shared("dicom-corpus/dev/pydicom__MR_small_implicit.dcm");
        String mrUid = RouteTestSupport.read(mr).getString(org.dmask.dicom.Tag.SOPInstanceUID);
        Process storescp = null;
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, rules(port), null),
                work.resolve("audit.jsonl"), null)) {
            long outageStart = System.nanoTime();
            for (int k = 0; k < cts.size(); k++) {
                route(h, cts.get(k), "2.25.8101" + String.format("%05d", k));
            }
            route(h, mr, mrUid);
            RouteTestSupport.await(LIMIT, "every job for the pacs tried three times", () -> h.gateway.store().jobs()
                    .stream().filter(j -> j.target().equals("pacs")).allMatch(j -> j.attempts() >= 3));
            // The outage: the target stays down for ten seconds in all.
            long left = OUTAGE.toNanos() - (System.nanoTime() - outageStart);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
            storescp = RouteTestSupport.storescp(port, Files.createDirectories(tmp.resolve("out")),
                    tmp.resolve("storescp.log"));
            RouteTestSupport.await(LIMIT, "all delivered", () -> h.gateway.store().pending() == 0);
        } finally {
            RouteTestSupport.stop(storescp);
        }

        List<String> warns = lines(Level.WARNING, "org.dmask.route.delivery.Delivery");
        assertEquals(1, warns.size(), "one WARN line for the outage: " + warns);
        String w = warns.get(0);
        assertTrue(w.startsWith("delivery to pacs failed (attempt 1, instance 2.25."), w);
        assertTrue(w.contains("next try in ") && w.contains("Connection refused"), w);
        assertEquals(List.of(), records.stream().filter(r -> r.getThrown() != null).map(GatewayLogTest::text)
                .toList(), "no stack trace");
        assertEquals(List.of(), lines(Level.SEVERE, ""), "no ERROR");
        List<String> infos = lines(Level.INFO, "org.dmask.route.delivery.Delivery");
        assertEquals(1, infos.stream().filter(l -> l.startsWith("target pacs delivers again")).count(), infos.toString());
        List<String> delivered = infos.stream().filter(l -> l.startsWith("delivered ")).toList();
        assertEquals(20, delivered.size(), "one line per object and target: " + delivered);
        assertTrue(delivered.stream().allMatch(l -> l.matches("delivered instance 2\\.25\\.\\d+ \\(study 2\\.25\\.\\d+\\)"
                + " to (pacs|archive) \\(rule ct, attempt \\d+\\): prepared in \\d+ ms, sent in \\d+ ms, .* after receipt")),
                delivered.get(0));

        List<String> unmatched = lines(Level.WARNING, "org.dmask.route.rules.Dispatcher");
        assertEquals(1, unmatched.size(), unmatched.toString());
        assertTrue(unmatched.get(0).contains("no rule of"), unmatched.get(0));
        for (LogRecord r : records) {
            String t = text(r);
            assertFalse(t.contains("2.25.8101") || t.contains(mrUid), "an original SOP Instance UID in: " + t);
        }
        String audit = Files.readString(work.resolve("audit.jsonl"));
        assertFalse(audit.contains("null\""), "no 'null' in an audit detail");
    }

    @Test
    void aRestartCountsTheJobsStillToDeliver() throws Exception {
        int port = DimseTestSupport.freePort(); // nothing listens: the pacs jobs wait
        Path work = tmp.resolve("gw");
        Path ruleFile = rules(port);
        List<Path> cts = RouteTestSupport.copies(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"),
                tmp.resolve("in"), 3, "8102");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            for (int k = 0; k < cts.size(); k++) {
                route(h, cts.get(k), "2.25.8102" + String.format("%05d", k));
            }
            RouteTestSupport.await(LIMIT, "the archive has all three", () -> h.gateway.store().jobs().stream()
                    .filter(j -> j.target().equals("archive")).allMatch(j -> j.state().terminal()));
        }
        records.clear();
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            String started = lines(Level.INFO, "org.dmask.route.Gateway").stream()
                    .filter(l -> l.startsWith("gateway started")).findFirst().orElse(null);
            assertTrue(started != null && started.contains(" 3 job(s) resumed"), "three pacs jobs: " + started);
            assertEquals(3, h.gateway.store().pending());
        }
    }
}
