package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.route.spool.Arrival;
import org.dmask.route.GatewayHarness;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video fallback: storescp started with {@code +xn} takes H.264 High Profile but not MPEG-2; an MPEG-2 endoscopy
 * video is re-encoded to H.264 and arrives with its frames, under a new SOP Instance UID; an H.264 video sent to a
 * storescp that takes uncompressed syntaxes only has nothing to fall back to: a dead letter at once, with the reason.
 */
@PeerTest
class RouteVideoFallbackTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void mpeg2IsReencodedToH264AndH264HasNoFallback() throws Exception {
        int h264Port = DimseTestSupport.freePort();
        int plainPort = DimseTestSupport.freePort();
        Path h264Out = Files.createDirectories(tmp.resolve("h264-out"));
        Process h264 = RouteTestSupport.storescpWith(h264Port, h264Out, tmp.resolve("h264.log"), List.of("+xn"));
        Process plain = RouteTestSupport.storescpWith(plainPort, Files.createDirectories(tmp.resolve("plain-out")),
                tmp.resolve("plain.log"), List.of());
        Path ruleFile = tmp.resolve("rules.yaml");
        Files.writeString(ruleFile, """
                targets:
                  h264only: dicom:DCMTK@127.0.0.1:%d
                  plain: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: mpeg2
                    match:
                      sop-class: {in: [1.2.840.10008.5.1.4.1.1.77.1.1.1]}
                    deid: basic
                    targets: [h264only]
                  - name: h264
                    match:
                      sop-class: {in: [1.2.840.10008.5.1.4.1.1.77.1.4.1]}
                    deid: basic
                    targets: [plain]
                """.formatted(h264Port, plainPort));
        Path mpeg2 = Peers.shared("dicom-corpus/dev/constructed__video_endoscopic_mpeg2_mpml.dcm");
        Path avc = Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm");
        Path work = tmp.resolve("gw");
        try (GatewayHarness h = GatewayHarness.start(GatewayHarness.settings(work, ruleFile, null),
                work.resolve("audit.jsonl"), null)) {
            for (Path f : List.of(mpeg2, avc)) {
                Path spooled = h.gateway.spoolDirectory().resolve("test-" + UUID.randomUUID() + ".dcm");
                Files.copy(f, spooled);
                assertEquals(1, h.gateway.dispatch(new Arrival(spooled, "MODALITY1", "DMASK", null, "test")).size());
            }
            RouteTestSupport.await(LIMIT, "both finished", () -> h.gateway.store().pending() == 0);

            List<Path> arrived = RouteTestSupport.files(h264Out, ".dcm");
            assertEquals(1, arrived.size(), Files.readString(tmp.resolve("h264.log")));
            Attributes original = RouteTestSupport.read(mpeg2);
            String ts;
            Attributes got;
            try (DicomInputStream in = new DicomInputStream(arrived.get(0))) {
                ts = in.readFileMetaInformation().getString(Tag.TransferSyntaxUID);
                got = in.readDataset();
                got.disposeBulkData();
            }
            assertEquals(UID.MPEG4HP41, ts, "re-encoded to H.264 High Profile");
            assertEquals(original.getString(Tag.NumberOfFrames), got.getString(Tag.NumberOfFrames), "every frame");
            assertEquals(original.getString(Tag.SOPClassUID), got.getString(Tag.SOPClassUID));
            assertEquals("YES", got.getString(Tag.PatientIdentityRemoved), "still de-identified");
            assertNotEquals(original.getString(Tag.SOPInstanceUID), got.getString(Tag.SOPInstanceUID));
            assertTrue(Files.readString(work.resolve("audit.jsonl")).contains(
                    "sent re-encoded to H.264 High Profile: the peer refused MPEG2"), "said in the audit");

            List<Path> reasons = RouteTestSupport.files(h.gateway.store().deadLetterDirectory(), ".reason.txt");
            assertEquals(1, reasons.size());
            String reason = Files.readString(reasons.get(0));
            assertTrue(reason.contains("not accepted (transfer-syntaxes-not-supported); no fallback: the video is in "
                    + "H.264 High Profile already") && reason.contains("attempts: 0\n"), reason);
        } finally {
            RouteTestSupport.stop(h264);
            RouteTestSupport.stop(plain);
        }
    }
}
