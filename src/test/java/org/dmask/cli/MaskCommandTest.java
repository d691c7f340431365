package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.testing.Peers;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.SlowTest;
import org.dmask.video.FrameRate;
import org.dmask.video.VideoFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmask mask} through the real entry point: a DICOM video in, a masked DICOM video out; errors in one line. */
@QuarkusMainTest
@SlowTest
class MaskCommandTest {

    @Test
    void aShortDicomVideoIsMaskedWithASummaryLine(QuarkusMainLauncher launcher, @TempDir Path tmp) throws Exception {
        Peers.require("ffmpeg", "ffmpeg");
        InstallTestSupport.installedModels();
        Path mp4 = tmp.resolve("asl.mp4");
        VideoFixtures.ffmpeg("-i", Peers.shared("media/asl_again.mkv").toString(), "-frames:v", "20", "-an",
                "-c:v", "libx264", "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p", "-crf", "18",
                mp4.toString());
        Path in = VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, 20,
                new FrameRate(30, 1), 640, 480, tmp.resolve("asl.dcm"));
        Path out = tmp.resolve("masked.dcm");

        LaunchResult r = launcher.launch("mask", in.toString(), out.toString());

        assertEquals(0, r.exitCode(), r.getErrorOutput());
        // stdout also carries the application's log lines; exactly one line is the summary.
        List<String> summaries = r.getOutput().lines().filter(l -> l.contains("masked.dcm: ")).toList();
        assertEquals(1, summaries.size(), r.getOutput());
        String summary = summaries.get(0);
        // One signer, one shot: one face, no other, no cut; full mode covers no region (it keeps no pixel at all).
        assertTrue(summary.matches(".*masked\\.dcm: 20 frames \\(30\\.0 fps video\\), 0 untracked \\(0\\.0%\\),"
                + " 1 faces seen, 0 frames with more than one face, 0 scene cuts, 0 regions obscured, mode full, (CPU|GPU) \\(.+\\), [0-9.]+ frames/s \\[decode [^\\]]*\\]"
                + "(; drawn at the generic eye's limit: ((right|left) (gazeH|gazeV|mrd1|mrd2) [0-9.]+%(, )?)+)?"),
                summary);
        Attributes ds = VideoFixtures.read(out).ds();
        Attributes src = VideoFixtures.read(in).ds();
        assertEquals("20", ds.getString(Tag.NumberOfFrames));
        assertEquals("NO", ds.getString(Tag.RecognizableVisualFeatures));
        assertEquals(src.getString(Tag.SOPClassUID), ds.getString(Tag.SOPClassUID));
        assertNotEquals(src.getString(Tag.SOPInstanceUID), ds.getString(Tag.SOPInstanceUID));
    }

    @Test
    void wrongArgumentsAreAUsageError(QuarkusMainLauncher launcher) {
        for (String[] args : new String[][] {{"mask"}, {"mask", "in.dcm"}, {"mask", "a", "b", "c"},
                {"mask", "a", "b", "--mode"}, {"mask", "a", "b", "--mode", "blur"}, {"mask", "--fast", "a", "b"}}) {
            LaunchResult r = launcher.launch(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.getErrorOutput());
            // one line saying what is wrong, then the generated usage
            String err = r.getErrorOutput().strip();
            assertTrue(err.startsWith("dmask mask: "), err);
            assertTrue(err.lines().skip(1).findFirst().orElse("").startsWith("Usage: dmask mask"), err);
        }
    }

    @Test
    void anUndecodableVideoIsAOneLineErrorAndNoOutput(QuarkusMainLauncher launcher, @TempDir Path tmp)
            throws Exception {
        Attributes ds = VideoFixtures.read(
                Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm")).ds();
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[4096]);
        Fragments f = new Fragments(VR.OB);
        f.add(new byte[0]);
        f.add(new BulkData(junk, 0, 4096, false));
        ds.setValue(Tag.PixelData, VR.OB, f);
        Path bad = tmp.resolve("bad.dcm");
        VideoFixtures.write(ds, UID.MPEG4HP41, bad);
        Path out = tmp.resolve("out").resolve("bad-masked.dcm");
        Files.createDirectories(out.getParent());

        LaunchResult r = launcher.launch("mask", bad.toString(), out.toString());

        assertNotEquals(0, r.exitCode());
        String err = r.getErrorOutput().strip();
        assertEquals(1, err.lines().filter(l -> l.startsWith("dmask mask: ")).count(), err);
        assertTrue(err.lines().filter(l -> l.startsWith("dmask mask: ")).findFirst().orElseThrow()
                .contains("bad.dcm: "), err);
        assertFalse(err.contains("\tat "), err);
        assertFalse(Files.exists(out));
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(0, left.count(), "no partial file");
        }
    }
}
