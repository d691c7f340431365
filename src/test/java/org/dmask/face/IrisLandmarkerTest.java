package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmask.interop.Peers;
import org.junit.jupiter.api.Test;

/**
 * The iris model's eye crops, mirroring and point order, checked against the 468-point mesh of the same frames: its
 * contour corners and lid midpoints land on the mesh's, and its iris on the mesh's iris. 20 frames of the head-pose
 * clip (the largest face in the shared media), upscaled 3x so the eyes are close-ups.
 */
class IrisLandmarkerTest {

    /** Mesh indices of iris-model contour points 0 (outer corner), 4 (lower lid middle), 8 (inner), 12 (upper). */
    static final int[] RIGHT = {33, 145, 133, 159};
    static final int[] LEFT = {263, 374, 362, 386};

    @Test
    void contourAndIrisAgreeWithTheMeshForBothEyes() throws Exception {
        List<BgrImage> frames = TestModels.frames(Peers.shared("media/head-pose-face-detection-male.gif"));
        FaceTracker tracker = TestModels.tracker();
        IrisLandmarker iris = TestModels.iris();
        double worstCorner = 0, worstLid = 0, worstIris = 0;
        int n = 0;
        for (int i = 0; i < 60; i += 3) {
            BgrImage f = Images.scale(frames.get(i), 3);
            tracker.reset();
            FaceLandmarks lm = tracker.next(f).landmarks();
            assertTrue(lm != null, "frame " + i + ": no face");
            for (boolean left : new boolean[] {false, true}) {
                EyeLandmarks eye = left ? iris.leftEye(f, lm) : iris.rightEye(f, lm);
                int[] idx = left ? LEFT : RIGHT;
                double w = Math.hypot(lm.x(idx[0]) - lm.x(idx[2]), lm.y(idx[0]) - lm.y(idx[2]));
                worstCorner = Math.max(worstCorner, Math.max(dist(eye, 0, lm, idx[0]), dist(eye, 8, lm, idx[2])) / w);
                worstLid = Math.max(worstLid, Math.max(dist(eye, 4, lm, idx[1]), dist(eye, 12, lm, idx[3])) / w);
                int meshIris = nearestIris(lm, eye.irisX(), eye.irisY());
                assertTrue(meshIris == (left ? 473 : 468) || meshIris == (left ? 468 : 473));
                worstIris = Math.max(worstIris,
                        Math.hypot(eye.irisX() - lm.x(meshIris), eye.irisY() - lm.y(meshIris)) / w);
                assertTrue(eye.cy(12) < eye.cy(4), "upper lid above lower lid");
                assertTrue(eye.irisRadius() > 0.1 * w && eye.irisRadius() < 0.4 * w, "iris radius " + eye.irisRadius());
                n++;
            }
        }
        System.out.printf("iris model vs mesh over %d eyes (fractions of eye width): corners <= %.3f, lid middles <= %.3f,"
                + " iris centre <= %.3f%n", n, worstCorner, worstLid, worstIris);
        assertTrue(worstCorner < 0.12, "corner " + worstCorner);
        assertTrue(worstLid < 0.12, "lid " + worstLid);
        assertTrue(worstIris < 0.12, "iris " + worstIris);
    }

    private static int nearestIris(FaceLandmarks lm, double x, double y) {
        return Math.hypot(lm.x(468) - x, lm.y(468) - y) < Math.hypot(lm.x(473) - x, lm.y(473) - y) ? 468 : 473;
    }

    private static double dist(EyeLandmarks e, int c, FaceLandmarks lm, int m) {
        return Math.hypot(e.cx(c) - lm.x(m), e.cy(c) - lm.y(m));
    }
}
