package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.dmask.route.Arrival;
import org.dmask.route.GatewayHarness;
import org.dmask.route.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permanent failures are told from passing ones, against DCMTK storescp: a target that takes uncompressed syntaxes
 * only refuses JPEG Lossless, and one started with {@code --refuse} rejects every association; both end in dead
 * letters at the first attempt with the peer's words. A target that is down is retried.
 */
class RouteFailureKindsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void refusalsAreDeadLettersAtOnceWhileAnOutageIsRetried() throws Exception {
        int strictPort = DimseTestSupport.freePort();
        int refusingPort = DimseTestSupport.freePort();
        int downPort = DimseTestSupport.freePort();
        Path strictOut = Files.createDirectories(tmp.resolve("strict-out"));
        Process strict = RouteTestSupport.storescpWith(strictPort, strictOut, tmp.resolve("strict.log"), List.of());
        Process refusing = RouteTestSupport.storescpWith(refusingPort, Files.createDirectories(tmp.resolve("r-out")),
                tmp.resolve("refusing.log"), List.of("--refuse"));
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                mode: first-match
                targets:
                  strict: dicom:DCMTK@127.0.0.1:%d
                  refusing: dicom:DCMTK@127.0.0.1:%d
                  down: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: everything
                    priority: 10
                    deid: basic
                    mask: off
                    targets: [strict, refusing, down]
                """.formatted(strictPort, refusingPort, downPort));
        Path work = tmp.resolve("gw");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        Path jpeg = Peers.shared(
                "dicom-corpus/dev/cornerstone3D__CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            long start = System.nanoTime();
            List<Job> ctJobs = route(h, ct);
            List<Job> jpegJobs = route(h, jpeg);
            assertEquals(3, ctJobs.size());
            assertEquals(3, jpegJobs.size());
            RouteTestSupport.await(LIMIT, "only the jobs of the target that is down left, each tried twice", () -> {
                List<Job> left = h.gateway.store().jobs().stream().filter(j -> !j.state().terminal()).toList();
                return left.size() == 2 && left.stream().allMatch(j -> j.target().equals("down") && j.attempts() >= 2);
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, "dead letters within seconds, not after the maximum age: " + seconds);

            assertEquals(1, RouteTestSupport.files(strictOut, ".dcm").size(), "the CT reached the strict target");
            Map<String, String> reasons = RouteTestSupport.files(h.gateway.store().deadLetterDirectory(),
                    ".reason.txt").stream().collect(Collectors.toMap(RouteFailureKindsTest::line, r -> read(r)));
            assertEquals(3, reasons.size(), reasons.toString());
            String jpegToStrict = reasons.get("target: strict");
            assertTrue(jpegToStrict.contains("JPEG Lossless") && jpegToStrict.contains(
                    "not accepted (transfer-syntaxes-not-supported)"), jpegToStrict);
            reasons.forEach((k, r) -> assertTrue(r.contains("attempts: 0\n"), "not retried: " + r));
            long refused = RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".reason.txt").stream()
                    .map(RouteFailureKindsTest::read).filter(r -> r.contains("target: refusing")
                            && r.contains("A-ASSOCIATE-RJ rejected-permanent")).count();
            assertEquals(2, refused, "both objects refused by the refusing target: " + reasons.values());
            for (Job j : h.gateway.store().jobs()) {
                if (j.target().equals("down")) {
                    assertTrue(j.lastError().contains("Connection refused"), j.lastError());
                }
            }
        } finally {
            RouteTestSupport.stop(strict);
            RouteTestSupport.stop(refusing);
        }
    }

    private static List<Job> route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        return h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", "127.0.0.1", "test"));
    }

    /** The reason file's target line, with the object for the refusing target (two of those). */
    private static String line(Path reason) {
        String text = read(reason);
        String target = text.lines().filter(l -> l.startsWith("target: ")).findFirst().orElse("?");
        return target.equals("target: refusing") ? target + " " + reason.getFileName() : target;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
