package org.dmask.route;

import org.dmask.route.delivery.GatewayMeter;
import org.dmask.route.spool.Arrival;

import org.dmask.route.delivery.PrepareOnceTest;

import org.dmask.route.delivery.Preparer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.dmask.audit.AuditSink;
import org.dmask.testing.Peers;
import org.dmask.mask.MaskMode;
import org.dmask.mask.VideoMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's metrics, each with HELP text: per-stage timers per rule (the mask counted once for a video sent to
 * three targets), send timers per target, retries per target and kind, the state of a target that is down, dead
 * letters.
 */
class RouteMetricsTest {

    @TempDir
    Path tmp;

    @Test
    void stagesRetriesAndTargetState() throws Exception {
        int downPort;
        try (ServerSocket s = new ServerSocket(0)) {
            downPort = s.getLocalPort(); // closed again: nothing listens there
        }
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                mode: fan-out
                targets:
                  a: archive:%s
                  b: archive:%s
                  down: dicom:NOBODY@127.0.0.1:%d
                rules:
                  - name: video
                    match:
                      sop-class: {in: [1.2.840.10008.5.1.4.1.1.77.1.4.1]}
                    deid: basic
                    mask: full
                    targets: [a, b, down]
                  - name: ct
                    match:
                      modality: {in: [CT]}
                    deid: basic
                    targets: [a]
                  - name: video-face
                    match:
                      sop-class: {in: [1.2.840.10008.5.1.4.1.1.77.1.4.1]}
                    deid: basic
                    mask: face
                    targets: [b]
                """.formatted(tmp.resolve("a"), tmp.resolve("b"), downPort));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<Gateway> gateway = new AtomicReference<>();
        RouteMetrics metrics = new RouteMetrics(registry, gateway::get);
        Path work = tmp.resolve("gw");
        // Counts its calls and passes the video through in full mode; refuses face mode, as a masker that cannot
        // mask a video does: that job is a dead letter of kind "mask".
        PrepareOnceTest.CountingMasker counting = new PrepareOnceTest.CountingMasker();
        VideoMasker masker = (in, out, mode) -> {
            if (mode == MaskMode.FACE) {
                throw new VideoMasker.MaskException("face mode refused by this test's masker");
            }
            counting.mask(in, out, mode);
        };
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), masker, (GatewayMeter) metrics, (AuditSink) metrics)) {
            gateway.set(h.gateway);
            route(h, Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm"));
            route(h, Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"));
            route(h, Peers.shared("dicom-corpus/dev/pydicom__MR_small_implicit.dcm")); // no rule: a dead letter
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && !(h.gateway.store().pending() == 1
                    && registry.find("dmask.route.permanent.failures").counters().size() == 1
                    && registry.find("dmask.route.retries").counters().stream().mapToDouble(c -> c.count()).sum() >= 2)) {
                Thread.sleep(50);
            }

            assertEquals(1, registry.get("dmask.route.stage").tags("stage", "mask", "rule", "video").timer().count(),
                    "one mask for three targets");
            assertEquals(1, counting.calls.get());
            assertEquals(1, registry.get("dmask.route.permanent.failures").tags("target", "b", "kind", "mask")
                    .counter().count(), "the face mask refused: a dead letter");
            // Whichever of the two rules' jobs prepares first de-identifies, under its own rule's name.
            assertEquals(1, registry.find("dmask.route.stage").tags("stage", "deidentify", "rule", "video")
                    .timers().stream().mapToLong(t -> t.count()).sum()
                    + registry.find("dmask.route.stage").tags("stage", "deidentify", "rule", "video-face")
                    .timers().stream().mapToLong(t -> t.count()).sum(), "the video de-identified once for both rules");
            assertEquals(1, registry.get("dmask.route.stage").tags("stage", "deidentify", "rule", "ct").timer()
                    .count());
            assertEquals(3, registry.get("dmask.route.stage").tags("stage", "receive").timers().stream()
                    .mapToLong(t -> t.count()).sum());
            assertEquals(2, registry.get("dmask.route.send").tag("target", "a").timer().count());
            assertEquals(1, registry.get("dmask.route.send").tag("target", "b").timer().count(),
                    "b has the full-mask video; its face-mask job never got to sending");
            assertEquals(2, registry.get("dmask.route.forwarded").tag("target", "a").counter().count());
            assertEquals(3, registry.get("dmask.route.received").counter().count());
            assertEquals(1, registry.get("dmask.route.dead.lettered").tag("target", "none").counter().count());
            assertEquals(1, registry.get("dmask.route.dead.lettered").tag("target", "b").counter().count());
            assertTrue(registry.get("dmask.route.retries").tags("target", "down", "kind", "connection-refused")
                    .counter().count() >= 2);
            assertEquals(1, registry.get("dmask.route.target.retrying").tag("target", "down").gauge().value());
            assertEquals(0, registry.get("dmask.route.target.retrying").tag("target", "a").gauge().value());
            double since = registry.get("dmask.route.target.failing.since").tag("target", "down").gauge().value();
            assertTrue(since > System.currentTimeMillis() / 1000.0 - 60 && since <= System.currentTimeMillis() / 1000.0,
                    "failing since a moment ago: " + since);
            assertEquals(1, registry.get("dmask.route.queue.depth").tag("target", "down").gauge().value());
            for (Meter m : registry.getMeters()) {
                String help = m.getId().getDescription();
                assertFalse(help == null || help.isBlank(), "HELP text for " + m.getId());
            }

            // Every series the sample Grafana dashboard asks for is scraped.
            String scrape = registry.scrape();
            String dashboard = Files.readString(Path.of("deploy/grafana-dashboard.json"));
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("dmask_[a-z_]+").matcher(dashboard);
            java.util.Set<String> asked = new java.util.TreeSet<>();
            while (names.find()) {
                asked.add(names.group());
            }
            assertTrue(asked.size() >= 10, asked.toString());
            for (String name : asked) {
                assertTrue(scrape.contains("\n" + name + "{") || scrape.contains("\n" + name + " "),
                        "the dashboard's " + name + " is scraped");
                String family = name.replaceAll("_(bucket|sum|count|total)$", "");
                assertTrue(scrape.contains("# HELP " + family + " ") || scrape.contains("# HELP " + name + " "),
                        "HELP for " + name);
            }
        }
    }

    @Test
    void failureKindsAreFewAndNamed() {
        assertEquals("connection-refused", GatewayMeter.kindOf(
                "C-STORE to X@h:1: FAILED not sent: cannot connect to h:1: Connection refused"));
        assertEquals("association-rejected", GatewayMeter.kindOf(
                "C-STORE to X@h:1: FAILED not sent: A-ASSOCIATE-RJ rejected-permanent, service-user, no-reason-given"));
        assertEquals("transfer-syntax-refused", GatewayMeter.kindOf("C-STORE to X@h:1: FAILED not sent: presentation "
                + "context for CT Image Storage in JPEG Baseline (Process 1) not accepted (transfer-syntaxes-not-supported)"));
        assertEquals("out-of-resources", GatewayMeter.kindOf("C-STORE to X@h:1: Refused: out of resources (A700)"));
        assertEquals("status", GatewayMeter.kindOf("C-STORE to X@h:1: Error: cannot understand (C000)"));
        assertEquals("http-409", GatewayMeter.kindOf("STOW-RS answered 409: {}"));
        assertEquals("mask", GatewayMeter.kindOf(Preparer.NO_MASKER));
        assertEquals("max-age", GatewayMeter.kindOf("not delivered within the maximum age of PT24H; last error: x"));
    }

    private static void route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test"));
    }
}
