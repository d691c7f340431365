package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * The iris model's eye crops, mirroring and point order, checked against the 468-point mesh of the same frames: its
 * contour corners and lid midpoints land on the mesh's, and its iris inside the mesh's eye of the same side. 20 frames of the head-pose
 * clip (the largest face in the shared media), upscaled 3x so the eyes are close-ups.
 */
@SlowTest
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
                int[] other = left ? RIGHT : LEFT;
                double own = fromEyeCentre(lm, idx, eye.irisX(), eye.irisY());
                assertTrue(own < fromEyeCentre(lm, other, eye.irisX(), eye.irisY()), "iris on its own eye");
                worstIris = Math.max(worstIris, own / w);
                assertTrue(eye.cy(12) < eye.cy(4), "upper lid above lower lid");
                assertTrue(eye.irisRadius() > 0.1 * w && eye.irisRadius() < 0.4 * w, "iris radius " + eye.irisRadius());
                n++;
            }
        }
        System.out.printf("iris model vs mesh over %d eyes (fractions of eye width): corners <= %.3f, lid middles <= %.3f,"
                + " iris centre from the corners' midpoint <= %.3f%n", n, worstCorner, worstLid, worstIris);
        // The 192-pixel mesh places the corners coarser than the iris model (0.121 measured on 2026-12-07); a wrong
        // crop, mirror or point order would be off by half an eye width or more.
        assertTrue(worstCorner < 0.15, "corner " + worstCorner);
        assertTrue(worstLid < 0.12, "lid " + worstLid);
        // A gaze to the side moves the iris up to about a quarter of the eye's width from the corners' midpoint.
        assertTrue(worstIris < 0.3, "iris " + worstIris);
    }

    /** Distance from the midpoint of the mesh's eye corners (the mesh has no iris points). */
    private static double fromEyeCentre(FaceLandmarks lm, int[] eye, double x, double y) {
        return Math.hypot((lm.x(eye[0]) + lm.x(eye[2])) / 2 - x, (lm.y(eye[0]) + lm.y(eye[2])) / 2 - y);
    }

    private static double dist(EyeLandmarks e, int c, FaceLandmarks lm, int m) {
        return Math.hypot(e.cx(c) - lm.x(m), e.cy(c) - lm.y(m));
    }
}
