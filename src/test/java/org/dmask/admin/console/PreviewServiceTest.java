package org.dmask.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dmask.testing.Peers;
import org.dmask.mask.MaskMode;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * The before/after preview with the real mask: the rule's mode is used, the frames come out as PNGs of the clip's
 * size (the masked ones differ from the originals), the masked clip is an MP4 FFmpeg reads with every frame, and
 * nothing of the original is left on disk afterwards: not the upload, not the preview's folder, also when the upload
 * is refused.
 */
@QuarkusTest
@SlowTest
@TestProfile(PreviewServiceTest.Profile.class)
class PreviewServiceTest {

    static final Path WORK = Path.of("target", "preview-service-test-" + ProcessHandle.current().pid())
            .toAbsolutePath();
    static final Path TEMP = WORK.resolve("preview-temp");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ConsoleTestProfile.config(WORK, """
                    targets:
                      a: archive:%s
                    rules:
                      - name: videos
                        deid: basic
                        mask: full
                        targets: [a]
                    """.formatted(WORK.resolve("a")), Map.of("dmask.console.preview.temp-directory",
                    TEMP.toString()));
        }
    }

    @Inject
    PreviewService previews;

    @Test
    void masksInTheRulesModeAndLeavesNoOriginalBehind() throws Exception {
        InstallTestSupport.installedModels();
        Path video = ConsoleFixtures.faceVideo(WORK.resolve("fixture"), 12);
        Path upload = WORK.resolve("upload.dcm");
        Files.copy(video, upload);

        PreviewService.Preview p = previews.preview("tester", upload, null, null);

        assertEquals("videos", p.rule());
        assertEquals(MaskMode.FULL, p.mode());
        assertEquals("basic", p.profile());
        assertEquals(12, p.frames());
        assertEquals("NO", p.recognizableVisualFeatures(), "the real mask marked its output");
        assertEquals(4, p.shown().size(), "four frames side by side");
        assertEquals(List.of(0, 4, 7, 11), p.shown().stream().map(PreviewService.FramePair::index).toList());
        for (PreviewService.FramePair f : p.shown()) {
            BufferedImage before = ImageIO.read(new ByteArrayInputStream(f.original()));
            BufferedImage after = ImageIO.read(new ByteArrayInputStream(f.masked()));
            assertEquals(640, before.getWidth());
            assertEquals(480, after.getHeight());
            assertTrue(meanDifference(before, after) > 10, "frame " + f.index() + " is masked");
        }
        Path mp4 = WORK.resolve("masked.mp4");
        Files.write(mp4, p.maskedMp4());
        Peers.ProcessResult probe = Peers.run(java.time.Duration.ofSeconds(60), List.of(Peers.require("ffprobe", "ffmpeg").toString(), "-v", "error",
                "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,nb_read_frames",
                "-of", "csv=p=0", mp4.toString()));
        assertEquals("h264,12", probe.stdoutUtf8().trim(), "an H.264 MP4 with every frame");

        assertFalse(Files.exists(upload), "the upload is gone");
        assertEquals(List.of(), ConsoleFixtures.filesBelow(TEMP), "the preview's folder is gone");
    }

    @Test
    void aRefusedUploadLeavesNothingEither() throws Exception {
        Path upload = WORK.resolve("not-dicom.dcm");
        Files.createDirectories(WORK);
        Files.writeString(upload, "this is not a DICOM file");
        PreviewService.PreviewException e = assertThrows(PreviewService.PreviewException.class,
                () -> previews.preview("tester", upload, null, null));
        assertTrue(e.getMessage().startsWith("the upload is not a readable DICOM file"), e.getMessage());
        assertFalse(Files.exists(upload), "the upload is gone");
        assertEquals(List.of(), ConsoleFixtures.filesBelow(TEMP), "the preview's folder is gone");

        Path ct = WORK.resolve("ct.dcm");
        Files.copy(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"), ct);
        e = assertThrows(PreviewService.PreviewException.class, () -> previews.preview("tester", ct, MaskMode.FULL, null));
        assertTrue(e.getMessage().startsWith("the upload is not a DICOM video"), e.getMessage());
        assertNotNull(e.getMessage());
        assertFalse(Files.exists(ct));
        assertEquals(List.of(), ConsoleFixtures.filesBelow(TEMP));
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y += 4) {
            for (int x = 0; x < a.getWidth(); x += 4) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs((p >> 16 & 255) - (q >> 16 & 255)) + Math.abs((p >> 8 & 255) - (q >> 8 & 255))
                        + Math.abs((p & 255) - (q & 255));
                n += 3;
            }
        }
        return sum / (double) n;
    }
}
