package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SPS read from real x264 streams decides the transfer syntax; fragmentable output splits the stream. */
@SlowTest
class H264TransferSyntaxTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "baseline, 3.0, 640x480, 66, 30, 1.2.840.10008.1.2.4.102",
        "main, 4.1, 320x240, 77, 41, 1.2.840.10008.1.2.4.102",
        "high, 4.1, 320x240, 100, 41, 1.2.840.10008.1.2.4.102",
        "high, 4.2, 322x242, 100, 42, 1.2.840.10008.1.2.4.104",
        "high, 5.1, 320x240, 100, 51, ",
        "high444, 4.1, 320x240, 244, 41, ",
    })
    void transferSyntaxFromSps(String profile, String level, String size, int profileIdc, int levelIdc, String ts)
            throws Exception {
        Path mp4 = dir.resolve(profile + level + ".mp4");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25", "-frames:v", "3", "-c:v",
                "libx264", "-profile:v", profile, "-level", level, "-pix_fmt",
                profile.equals("high444") ? "yuv444p" : "yuv420p", "-f", "mp4", mp4.toString());
        Mp4AvcInfo info = Mp4AvcInfo.read(mp4);
        H264Sps sps = info.sps();
        assertEquals(profileIdc, sps.profileIdc());
        assertEquals(levelIdc, sps.levelIdc());
        assertEquals(size, sps.width() + "x" + sps.height(), "cropped frame size");
        assertEquals(3, info.sampleCount());
        if (ts == null) {
            VideoException e = assertThrows(VideoException.class, () -> H264TransferSyntax.of(sps, false));
            assertTrue(e.getMessage().contains(sps.profileName()), e.getMessage());
        } else {
            assertEquals(ts, H264TransferSyntax.of(sps, false));
            assertEquals(ts + ".1", H264TransferSyntax.of(sps, true));
        }
    }

    @Test
    void fragmentableOutputIsSplitAndDecodes() throws Exception {
        Path mp4 = dir.resolve("f.mp4");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "20", "-c:v",
                "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", mp4.toString());
        Path copy = Files.copy(mp4, dir.resolve("f-copy.mp4")); // the encapsulator owns (and may delete) its MP4
        VideoEncapsulator.Encapsulated enc = new VideoEncapsulator(4096).encapsulate(
                VideoFixtures.template(UID.VideoPhotographicImageStorage), copy, new FrameRate(25, 1), true);
        assertEquals(UID.MPEG4HP41F, enc.transferSyntaxUID());
        Fragments f = (Fragments) enc.dataset().getValue(Tag.PixelData);
        assertEquals(1 + (Files.size(mp4) + 4095) / 4096, f.size());
        Path out = dir.resolve("f.dcm");
        VideoFixtures.write(enc.dataset(), enc.transferSyntaxUID(), out);
        VideoFixtures.Read r = VideoFixtures.read(out);
        try (FrameSource s = FrameSources.open(r.ds(), r.tsuid())) {
            VideoFrame frame = s.newFrame();
            int n = 0;
            while (s.read(frame)) {
                n++;
            }
            assertEquals(20, n);
        }
    }

    @Test
    void frameRateFromFrameTime() {
        assertEquals(new FrameRate(30, 1), FrameRate.ofFrameTimeMillis(33.3333));
        assertEquals(new FrameRate(30000, 1001), FrameRate.ofFrameTimeMillis(33.3667));
        assertEquals(new FrameRate(25, 1), FrameRate.ofFrameTimeMillis(40));
        assertEquals("33.36666667", new FrameRate(30000, 1001).frameTimeDS());
        assertEquals("40", new FrameRate(25, 1).frameTimeDS());
    }
}
