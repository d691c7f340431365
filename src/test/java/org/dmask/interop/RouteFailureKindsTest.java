package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.route.spool.Arrival;
import org.dmask.route.GatewayHarness;
import org.dmask.route.delivery.Job;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permanent failures are told from passing ones, against DCMTK storescp. A target that takes uncompressed syntaxes
 * only refuses JPEG Lossless: the fallback sends it decoded to Explicit VR Little Endian, every sample as DCMTK's
 * dcmdjpeg decodes it; it refuses JPEG Baseline too, which has no exact fallback: a dead letter at the first attempt
 * with the peer's words and why. A target started with {@code --refuse} rejects every association: dead letters at
 * the first attempt. A target that is down is retried.
 */
@PeerTest
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
        Path lossy = Peers.shared("dicom-corpus/dev/pydicom__SC_rgb_jpeg_dcmtk.dcm");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            long start = System.nanoTime();
            assertEquals(3, route(h, ct).size());
            assertEquals(3, route(h, jpeg).size());
            assertEquals(3, route(h, lossy).size());
            RouteTestSupport.await(LIMIT, "only the jobs of the target that is down left, each tried twice", () -> {
                List<Job> left = h.gateway.store().jobs().stream().filter(j -> !j.state().terminal()).toList();
                return left.size() == 3 && left.stream().allMatch(j -> j.target().equals("down") && j.attempts() >= 2);
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, "dead letters within seconds, not after the maximum age: " + seconds);

            // The CT as it is, and the JPEG Lossless CT decoded: both reached the strict target.
            List<Path> arrived = RouteTestSupport.files(strictOut, ".dcm");
            assertEquals(2, arrived.size(), arrived.toString());
            Path reference = tmp.resolve("dcmdjpeg.dcm");
            Peers.ProcessResult dj = Peers.run(Duration.ofSeconds(60), Peers.require("dcmdjpeg", "dcmtk").toString(),
                    "+te", jpeg.toString(), reference.toString());
            assertEquals(0, dj.exitCode(), dj.toString());
            byte[] want = pixels(reference);
            long same = 0;
            for (Path f : arrived) {
                try (DicomInputStream in = new DicomInputStream(f)) {
                    String ts = in.readFileMetaInformation().getString(Tag.TransferSyntaxUID);
                    assertTrue(UID.ExplicitVRLittleEndian.equals(ts) || UID.ImplicitVRLittleEndian.equals(ts), ts);
                }
                if (java.util.Arrays.equals(want, pixels(f))) {
                    same++;
                }
            }
            assertEquals(1, same, "the decoded CT has every sample dcmdjpeg gives");
            assertTrue(Files.readString(work.resolve("audit.jsonl")).contains(
                    "sent decoded to Explicit VR Little Endian: the peer refused JPEG Lossless"), "said in the audit");

            // One dead letter per object, a section per failed job: the three objects at the refusing target, the
            // JPEG Baseline one at the strict target too.
            List<String> reasons = RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".reason.txt")
                    .stream().map(RouteFailureKindsTest::read).toList();
            assertEquals(3, reasons.size(), reasons.toString());
            List<String> sections = reasons.stream().flatMap(r -> java.util.Arrays.stream(r.split("\n\n"))).toList();
            assertEquals(4, sections.size(), sections.toString());
            sections.forEach(r -> assertTrue(r.contains("attempts: 0\n"), "not retried: " + r));
            assertEquals(3, sections.stream().filter(r -> r.contains("target: refusing")
                    && r.contains("A-ASSOCIATE-RJ rejected-permanent")).count(), "every object refused: " + sections);
            String lossyToStrict = sections.stream().filter(r -> r.contains("target: strict")).findFirst().orElseThrow();
            assertTrue(lossyToStrict.contains("JPEG Baseline") && lossyToStrict.contains(
                    "not accepted (transfer-syntaxes-not-supported); no fallback: no lossless decoding from JPEG "
                            + "Baseline"), lossyToStrict);
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

    private static byte[] pixels(Path f) throws java.io.IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            Object v = ds.getValue(Tag.PixelData);
            byte[] px = v instanceof BulkData b ? b.toBytes() : (byte[]) v;
            ds.disposeBulkData();
            return px;
        }
    }

    private static List<Job> route(GatewayHarness h, Path file) throws Exception {
        Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
        Files.copy(file, spooled);
        return h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", "127.0.0.1", "test"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
