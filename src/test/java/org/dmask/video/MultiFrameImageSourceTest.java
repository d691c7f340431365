package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-frame objects that are not video (native RGB, MONOCHROME2, YBR_FULL_422 and JPEG Baseline) decode through
 * the same frame interface, against ffmpeg's own BGR rendering of the same frames.
 */
@SlowTest
class MultiFrameImageSourceTest {

    static final int W = 64;
    static final int H = 48;
    static final int FRAMES = 6;

    @TempDir
    static Path dir;
    static byte[] rgb; // all frames, packed RGB
    static byte[] bgr;

    @BeforeAll
    static void frames() throws Exception {
        Path raw = dir.resolve("rgb.raw");
        VideoFixtures.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=" + W + "x" + H + ":rate=10", "-frames:v",
                Integer.toString(FRAMES), "-pix_fmt", "rgb24", "-f", "rawvideo", raw.toString());
        rgb = Files.readAllBytes(raw);
        bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
    }

    static Attributes image(String pi, int spp) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.MultiFrameTrueColorSecondaryCaptureImageStorage);
        ds.setInt(Tag.SamplesPerPixel, VR.US, spp);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, pi);
        ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(FRAMES));
        ds.setInt(Tag.Rows, VR.US, H);
        ds.setInt(Tag.Columns, VR.US, W);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setString(Tag.FrameTime, VR.DS, "100");
        return ds;
    }

    /** Writes and reads back through our codec, so pixel data comes from the file as BulkData or bytes. */
    static FrameSource reopen(Attributes ds, String tsuid) throws Exception {
        Path f = dir.resolve("mf-" + System.nanoTime() + ".dcm");
        ds.setString(Tag.SOPInstanceUID, VR.UI, VideoEncapsulator.newUid());
        VideoFixtures.write(ds, tsuid, f);
        VideoFixtures.Read r = VideoFixtures.read(f);
        return FrameSources.open(r.ds(), r.tsuid());
    }

    static double meanPsnrAgainstBgr(FrameSource s) throws Exception {
        assertEquals(W, s.format().width());
        assertEquals(new FrameRate(10, 1), s.format().frameRate());
        VideoFrame f = s.newFrame();
        VideoFrame ref = s.newFrame();
        double sum = 0;
        int n = 0;
        while (s.read(f)) {
            System.arraycopy(bgr, n * W * H * 3, ref.bgr(), 0, W * H * 3);
            assertEquals(n * 100_000L, f.ptsMicros());
            sum += Psnr.of(f, ref);
            n++;
        }
        assertEquals(FRAMES, n);
        return sum / n;
    }

    @Test
    void nativeRgbIsExact() throws Exception {
        Attributes ds = image("RGB", 3);
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setBytes(Tag.PixelData, VR.OB, rgb);
        try (FrameSource s = reopen(ds, UID.ExplicitVRLittleEndian)) {
            assertEquals(100.0, meanPsnrAgainstBgr(s));
        }
    }

    @Test
    void planarRgbAndMonochrome() throws Exception {
        byte[] planar = new byte[rgb.length];
        int n = W * H;
        for (int fr = 0; fr < FRAMES; fr++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    planar[fr * 3 * n + c * n + i] = rgb[fr * 3 * n + 3 * i + c];
                }
            }
        }
        Attributes ds = image("RGB", 3);
        ds.setInt(Tag.PlanarConfiguration, VR.US, 1);
        ds.setBytes(Tag.PixelData, VR.OB, planar);
        try (FrameSource s = reopen(ds, UID.ExplicitVRLittleEndian)) {
            assertEquals(100.0, meanPsnrAgainstBgr(s));
        }
        byte[] grey = new byte[n * FRAMES];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = rgb[3 * i + 1];
        }
        Attributes mono = image("MONOCHROME2", 1);
        mono.setBytes(Tag.PixelData, VR.OB, grey);
        try (FrameSource s = reopen(mono, UID.ImplicitVRLittleEndian)) {
            VideoFrame f = s.newFrame();
            assertTrue(s.read(f));
            assertEquals(grey[5], f.bgr()[15]);
            assertEquals(grey[5], f.bgr()[17]);
        }
    }

    @Test
    void ybrFull422() throws Exception {
        int n = W * H;
        byte[] ybr = new byte[2 * n * FRAMES];
        for (int fr = 0; fr < FRAMES; fr++) {
            for (int i = 0; i < n; i += 2) {
                int o = fr * 3 * n;
                double[] a = ycc(rgb, o + 3 * i);
                double[] b = ycc(rgb, o + 3 * i + 3);
                int d = fr * 2 * n + 2 * i;
                ybr[d] = clamp(a[0]);
                ybr[d + 1] = clamp(b[0]);
                ybr[d + 2] = clamp((a[1] + b[1]) / 2);
                ybr[d + 3] = clamp((a[2] + b[2]) / 2);
            }
        }
        Attributes ds = image("YBR_FULL_422", 3);
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setBytes(Tag.PixelData, VR.OB, ybr);
        try (FrameSource s = reopen(ds, UID.ExplicitVRLittleEndian)) {
            double psnr = meanPsnrAgainstBgr(s);
            assertTrue(psnr > 30, "YBR_FULL_422 PSNR " + psnr);
        }
    }

    @Test
    void jpegBaselineFrames() throws Exception {
        Attributes ds = image("YBR_FULL_422", 3);
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        Fragments f = new Fragments(VR.OB);
        f.add(new byte[0]);
        for (int i = 0; i < FRAMES; i++) {
            Path jpg = dir.resolve("frame" + i + ".jpg");
            VideoFixtures.ffmpeg("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", W + "x" + H, "-i",
                    dir.resolve("rgb.raw").toString(), "-vf", "select=eq(n\\," + i + ")", "-frames:v", "1", "-c:v",
                    "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj422p", jpg.toString());
            f.add(Files.readAllBytes(jpg));
        }
        ds.setValue(Tag.PixelData, VR.OB, f);
        try (FrameSource s = reopen(ds, UID.JPEGBaseline8Bit)) {
            double psnr = meanPsnrAgainstBgr(s);
            assertTrue(psnr > 28, "JPEG PSNR " + psnr);
        }
    }

    private static double[] ycc(byte[] p, int o) {
        double r = p[o] & 0xFF;
        double g = p[o + 1] & 0xFF;
        double b = p[o + 2] & 0xFF;
        return new double[] {0.299 * r + 0.587 * g + 0.114 * b, -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
            0.5 * r - 0.418688 * g - 0.081312 * b + 128};
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
