package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

/** Peak signal-to-noise ratio between the frames of two DICOM objects, computed over decoded BGR frames. */
public final class Psnr {

    private Psnr() {
    }

    /** PSNR of one frame pair in dB over all samples; 100 for identical frames. */
    public static double of(VideoFrame a, VideoFrame b) {
        byte[] x = a.bgr();
        byte[] y = b.bgr();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xFF) - (y[i] & 0xFF);
            sum += d * d;
        }
        if (sum == 0) {
            return 100;
        }
        double mse = (double) sum / x.length;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean PSNR over all frames; the frame counts and sizes must be equal. */
    public static double mean(Path first, Path second) throws IOException {
        VideoFixtures.Read r1 = VideoFixtures.read(first);
        VideoFixtures.Read r2 = VideoFixtures.read(second);
        try (FrameSource s1 = FrameSources.open(r1.ds(), r1.tsuid());
                FrameSource s2 = FrameSources.open(r2.ds(), r2.tsuid())) {
            VideoFrame a = s1.newFrame();
            VideoFrame b = s2.newFrame();
            double total = 0;
            long n = 0;
            while (true) {
                boolean more1 = s1.read(a);
                boolean more2 = s2.read(b);
                assertEquals(more1, more2, "frame counts differ after " + n + " frames");
                if (!more1) {
                    break;
                }
                total += of(a, b);
                n++;
            }
            return total / n;
        }
    }
}
