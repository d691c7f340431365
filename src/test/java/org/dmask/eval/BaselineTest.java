package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.dmask.face.BgrImage;
import org.dmask.face.FaceDetection;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class BaselineTest {

    private static final int W = 64, H = 48;

    private static BgrImage noise() {
        byte[] px = new byte[W * H * 3];
        new Random(7).nextBytes(px);
        return new BgrImage(W, H, px);
    }

    /** A 20 x 16 face at (30, 20): the box, enlarged by 1.3, spans x 17..43 and y 9..31. */
    private static final FaceDetection FACE = new FaceDetection(30, 20, 20, 16, new double[] {25, 17, 35, 17, 30, 21,
        26, 25, 34, 25}, 0.9);

    @Test
    void removingTheBoxLeavesOnlyGreyInsideAndTheFrameUntouchedOutside() {
        BgrImage in = noise();
        byte[] out = Baseline.REMOVE.apply(in, FACE).bgr();
        byte[] orig = in.bgr();
        int grey = 0, kept = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = x >= 17 && x < 43 && y >= 9 && y < 31;
                for (int c = 0; c < 3; c++) {
                    int i = (y * W + x) * 3 + c;
                    if (inside) {
                        assertEquals(112, out[i] & 0xff, "inside the box at " + x + "," + y);
                        grey++;
                    } else {
                        assertEquals(orig[i], out[i], "outside the box at " + x + "," + y);
                        kept++;
                    }
                }
            }
        }
        assertEquals(26 * 22 * 3, grey);
        assertEquals(W * H * 3 - grey, kept);
    }

    @Test
    void everyBaselineFailsClosedWithoutAFaceAndLeavesTheInputAlone() {
        BgrImage in = noise();
        byte[] before = in.bgr().clone();
        for (Baseline b : Baseline.values()) {
            assertArrayEquals(new byte[W * H * 3], b.apply(in, null).bgr(), b.label());
            assertNotEquals(0, java.util.Arrays.compare(before, b.apply(in, FACE).bgr()), b.label() + " changed nothing");
        }
        assertArrayEquals(before, in.bgr(), "the input frame is not modified");
    }
}
