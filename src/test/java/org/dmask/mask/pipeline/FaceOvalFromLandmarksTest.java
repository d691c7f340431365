package org.dmask.mask.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dmask.face.FaceLandmarks;
import org.dmask.face.RotatedRect;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The face oval of face mode: every landmark inside, and the face's outline a margin further in. */
@SlowTest
class FaceOvalFromLandmarksTest {

    /** Mesh landmarks scattered over a tilted face-shaped ellipse (fixed seed), the rest of the 468 at its centre. */
    private static FaceLandmarks tiltedFace(long seed) {
        Random random = new Random(seed);
        double[] xyz = new double[FaceLandmarks.COUNT * 3];
        double tilt = Math.toRadians(12), cx = 320, cy = 200, a = 60, b = 85;
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double t = random.nextDouble() * 2 * Math.PI, r = i < FaceLandmarks.MESH ? Math.sqrt(random.nextDouble()) : 0;
            double u = a * r * Math.cos(t), v = b * r * Math.sin(t);
            xyz[i * 3] = cx + u * Math.cos(tilt) - v * Math.sin(tilt);
            xyz[i * 3 + 1] = cy + u * Math.sin(tilt) + v * Math.cos(tilt);
        }
        return new FaceLandmarks(xyz, 1, new RotatedRect(cx, cy, 200, 0));
    }

    @Test
    void theOutermostLandmarkLiesTheMarginInsideTheOval() {
        FaceLandmarks lm = tiltedFace(7);
        FaceOval oval = FrameRecord.oval(lm);
        double outermost = 0;
        for (int i = 0; i < FaceLandmarks.MESH; i++) {
            outermost = Math.max(outermost, oval.normalisedRadius(lm.x(i), lm.y(i)));
        }
        assertEquals(1 / FrameRecord.OVAL_MARGIN, outermost, 1e-5);
        // The axes may come in either order, so the rotation is the tilt up to a quarter turn.
        double offQuarter = ((oval.rotationDegrees() - 12) % 90 + 135) % 90 - 45;
        assertEquals(0, offQuarter, 3, "the oval follows the face's tilt: " + oval.rotationDegrees());
    }

    /**
     * The mesh ends at the hairline, the jaw and before the ears; the original just past it (temple hair, the
     * cheek's edge) re-identified people mask against mask. What lies 10% beyond the outermost landmark, along its
     * own ray from the centre, must be the render's.
     */
    @Test
    void theFacesOutlineJustPastTheMeshIsCovered() {
        for (long seed = 1; seed <= 20; seed++) {
            FaceLandmarks lm = tiltedFace(seed);
            FaceOval oval = FrameRecord.oval(lm);
            for (int i = 0; i < FaceLandmarks.MESH; i++) {
                double x = oval.centreX() + 1.10 * (lm.x(i) - oval.centreX());
                double y = oval.centreY() + 1.10 * (lm.y(i) - oval.centreY());
                assertTrue(oval.normalisedRadius(x, y) < 1, "seed " + seed + ", landmark " + i + " pushed out 10%");
            }
        }
    }
}
