package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged video objects: each gives a {@link VideoException} that says what and where, and leaves neither an output
 * object nor a temporary MP4 behind.
 */
@SlowTest
class VideoBadInputTest {

    @TempDir
    static Path dir;
    static Path h264;
    static Path mpeg2;
    static Path hevc;

    @BeforeAll
    static void streams() {
        h264 = dir.resolve("h264.mp4");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "50", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", h264.toString());
        mpeg2 = dir.resolve("mpeg2.mpg");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=352x288:rate=25", "-frames:v", "50", "-c:v",
                "mpeg2video", "-q:v", "2", "-f", "vob", mpeg2.toString());
        hevc = dir.resolve("hevc.mp4");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "10", "-c:v", "libx265",
                "-x265-params", "log-level=error", "-tag:v", "hvc1", "-f", "mp4", hevc.toString());
    }

    private VideoException transcodeFails(Path input) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp-" + System.nanoTime()));
        Path out = dir.resolve("out-" + System.nanoTime() + ".dcm");
        VideoException e = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                VideoException.class, () -> new VideoTranscoder(VideoSettings.defaults().withTempDirectory(tmp))
                        .transcode(input, out, FrameProcessor.UNCHANGED)));
        assertFalse(Files.exists(out), "no output object");
        try (Stream<Path> left = Files.list(tmp); Stream<Path> partial = Files.list(dir)) {
            assertEquals(0, left.count(), "no temporary MP4 left");
            assertFalse(partial.anyMatch(p -> p.getFileName().toString().endsWith(".partial")), "no partial output");
        }
        return e;
    }

    @Test
    void truncatedMp4() throws Exception {
        long len = Files.size(h264);
        Path cut = Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(Files.readAllBytes(h264),
                (int) (len * 6 / 10) & ~1));
        Path in = VideoFixtures.wrap(cut, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, 50, new FrameRate(25, 1),
                320, 240, dir.resolve("truncated-h264.dcm"));
        VideoException e = transcodeFails(in);
        assertTrue(e.getMessage().contains("Pixel Data (7FE0,0010)") && e.getMessage().contains("of 50 frames"),
                e.getMessage());
    }

    @Test
    void truncatedMpeg2() throws Exception {
        long len = Files.size(mpeg2);
        Path cut = Files.write(dir.resolve("cut.mpg"), java.util.Arrays.copyOf(Files.readAllBytes(mpeg2),
                (int) (len / 2) & ~1));
        Path in = VideoFixtures.wrap(cut, UID.VideoEndoscopicImageStorage, UID.MPEG2MPML, 2, 50, new FrameRate(25, 1),
                352, 288, dir.resolve("truncated-mpeg2.dcm"));
        VideoException e = transcodeFails(in);
        assertTrue(e.getMessage().contains("ends after") && e.getMessage().contains("of 50 frames"), e.getMessage());
    }

    @Test
    void codecDoesNotMatchTransferSyntax() throws Exception {
        Path in = VideoFixtures.wrap(h264, UID.VideoEndoscopicImageStorage, UID.MPEG2MPML, 1, 50, new FrameRate(25, 1),
                320, 240, dir.resolve("h264-as-mpeg2.dcm"));
        VideoException e = transcodeFails(in);
        assertTrue(e.getMessage().contains("codec h264") && e.getMessage().contains("requires mpeg2video"),
                e.getMessage());

        Path in2 = VideoFixtures.wrap(hevc, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, 10,
                new FrameRate(25, 1), 320, 240, dir.resolve("hevc-as-h264.dcm"));
        VideoException e2 = transcodeFails(in2);
        assertTrue(e2.getMessage().contains("codec hevc") && e2.getMessage().contains("requires h264"), e2.getMessage());
    }

    @Test
    void zeroLengthFragment() throws Exception {
        Attributes ds = VideoFixtures.template(UID.VideoPhotographicImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, VideoEncapsulator.newUid());
        long len = Files.size(h264);
        long half = (len / 2) & ~1L;
        Fragments f = new Fragments(VR.OB);
        f.add(new byte[0]);
        f.add(new BulkData(h264, 0, half, false));
        f.add(new byte[0]);
        f.add(new BulkData(h264, half, len - half, false));
        ds.setValue(Tag.PixelData, VR.OB, f);
        Path in = dir.resolve("zero-fragment.dcm");
        VideoFixtures.write(ds, UID.MPEG4HP41F, in);
        VideoException e = transcodeFails(in);
        assertTrue(e.getMessage().contains("fragment 2 of 3 is empty"), e.getMessage());
    }

    @Test
    void notVideoAtAll() throws Exception {
        Attributes ds = VideoFixtures.template(UID.VideoPhotographicImageStorage);
        Fragments f = new Fragments(VR.OB);
        f.add(new byte[0]);
        f.add(new byte[4096]); // zeros: no container FFmpeg knows
        ds.setValue(Tag.PixelData, VR.OB, f);
        Path in = dir.resolve("garbage.dcm");
        VideoFixtures.write(ds, UID.MPEG4HP41, in);
        VideoException e = transcodeFails(in);
        assertTrue(e.getMessage().contains("Pixel Data (7FE0,0010)"), e.getMessage());
        assertTrue(e.getMessage().contains("Could not open input"), "FFmpeg's own words kept: " + e.getMessage());
        assertFalse(e.getMessage().contains("setFormat"), "without JavaCV's hint to its programmer: " + e.getMessage());
    }
}
