package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The crop sampler against its definition: per pixel and channel, {@link BgrImage#sample}. */
@SlowTest
class CropSamplerTest {

    /** The sampler as first written, channel by channel: the reference the faster one must match bit for bit. */
    static float[] reference(BgrImage frame, RotatedRect rect, int side, boolean mirror) {
        float[] out = new float[side * side * 3];
        double c = Math.cos(rect.angle()), s = Math.sin(rect.angle()), step = rect.size() / side;
        int i = 0;
        for (int v = 0; v < side; v++) {
            double dy = ((v + 0.5) / side - 0.5) * rect.size();
            for (int u = 0; u < side; u++) {
                double dx = ((u + 0.5) / side - 0.5) * rect.size() * (mirror ? -1 : 1);
                float x = (float) (rect.cx() + dx * c - dy * s), y = (float) (rect.cy() + dx * s + dy * c);
                for (int ch = 0; ch < 3; ch++) {
                    if (step > 2) {
                        float q = (float) (step / 4);
                        float sum = frame.sample(x - q, y - q, 2 - ch) + frame.sample(x + q, y - q, 2 - ch)
                                + frame.sample(x - q, y + q, 2 - ch) + frame.sample(x + q, y + q, 2 - ch);
                        out[i + ch] = sum / (4 * 255f);
                    } else {
                        out[i + ch] = frame.sample(x, y, 2 - ch) / 255f;
                    }
                }
                i += 3;
            }
        }
        return out;
    }

    @Test
    void matchesPerChannelSamplingExactlyInsideAcrossTheEdgesRotatedAndMirrored() {
        byte[] bgr = new byte[97 * 61 * 3];
        new Random(7).nextBytes(bgr);
        BgrImage frame = new BgrImage(97, 61, bgr);
        RotatedRect[] rects = {
            new RotatedRect(48, 30, 40, 0), // inside, upscaled (1 tap)
            new RotatedRect(48.3, 29.7, 50, 0.3), // rotated
            new RotatedRect(5, 4, 60, -0.2), // over the top-left edge
            new RotatedRect(95, 60, 30, 1.1), // over the bottom-right edge
            new RotatedRect(48, 30, 200, 0.05), // much larger than the frame, downscaled (2x2 taps)
        };
        for (RotatedRect rect : rects) {
            for (boolean mirror : new boolean[] {false, true}) {
                for (int side : new int[] {16, 64}) {
                    float[] expected = reference(frame, rect, side, mirror);
                    assertArrayEquals(expected, CropSampler.rgb01(frame, rect, side, mirror), 0f,
                            rect + " side " + side + " mirror " + mirror);
                }
            }
        }
    }

    @Test
    void channelsComeOutRedFirstAndOutsideIsBlack() {
        // One pixel B=10, G=20, R=30 in a 3x3 frame; sampling at its centre reads it exactly.
        byte[] bgr = new byte[3 * 3 * 3];
        int centre = (1 * 3 + 1) * 3;
        bgr[centre] = 10;
        bgr[centre + 1] = 20;
        bgr[centre + 2] = 30;
        BgrImage frame = new BgrImage(3, 3, bgr);
        float[] rgb = new float[3];
        frame.sampleRgb(1.5f, 1.5f, rgb);
        assertArrayEquals(new float[] {30, 20, 10}, rgb, 0f);
        frame.sampleRgb(-5f, -5f, rgb);
        assertArrayEquals(new float[] {0, 0, 0}, rgb, 0f);
        // Halfway between the black left column and the coloured pixel: half of each.
        frame.sampleRgb(1f, 1.5f, rgb);
        assertArrayEquals(new float[] {15, 10, 5}, rgb, 0f);
    }
}
