package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.util.List;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/**
 * What must be shown: a close-up face (the head-pose clip's face, cropped and upscaled 4x) moved over a synthetic
 * 640x480 clip by known translations (up to 80 px), rotations (up to 25 degrees) and scales (0.75 to 1.25). The
 * tracked landmarks and the fitted pose must follow the known transform. 90 frames, full pipeline (tracking, both
 * eyes, pose, signals), no smoothing, so what is measured is the pipeline itself.
 */
@SlowTest
class KnownMotionTest {

    static final int W = 640, H = 480, FRAMES = 90;
    /** Median landmark error, as a fraction of the outer eye-corner distance. */
    static final double LANDMARK_TOLERANCE = 0.03;
    static final double ROLL_TOLERANCE_DEG = 2.0;
    static final double SCALE_TOLERANCE = 0.03;
    /** Head-centre position error, as a fraction of the outer eye-corner distance. */
    static final double POSITION_TOLERANCE = 0.05;
    /** The eyes do not move in the head: the iris stays put in eye coordinates (fraction of the eye width) ... */
    static final double IRIS_TOLERANCE = 0.04;
    /** ... and so does the gaze. */
    static final double GAZE_TOLERANCE_DEG = 5.0;

    /** Frame t's transform from close-up pixels to clip pixels. */
    static AffineTransform motion(int t, double cx, double cy) {
        double a = 2 * Math.PI * t / FRAMES;
        double dx = 80 * Math.sin(a), dy = 40 * Math.sin(2 * a);
        double theta = Math.toRadians(25 * Math.sin(a));
        double s = 1 + 0.25 * Math.sin(1.5 * a);
        AffineTransform m = AffineTransform.getTranslateInstance(W / 2.0 + dx, H / 2.0 + dy);
        m.rotate(theta);
        m.scale(s, s);
        m.translate(-cx, -cy);
        return m;
    }

    static double rotationDeg(AffineTransform m) {
        return Math.toDegrees(Math.atan2(m.getShearY(), m.getScaleX()));
    }

    static double scaleOf(AffineTransform m) {
        return Math.hypot(m.getScaleX(), m.getShearY());
    }

    @Test
    void landmarksAndPoseFollowKnownTranslationRotationAndScale() throws Exception {
        BgrImage closeUp = closeUp();
        double cx = closeUp.width() / 2.0, cy = closeUp.height() / 2.0;
        FaceAnalyzer analyzer = FaceAnalyzers.create(TestModels.registry(), 0.5, 0.6, false,
                PoseFitterTest.mesh());
        FrameAnalysis first = null;
        AffineTransform firstInverse = null;
        double worstLm = 0, worstRoll = 0, worstScale = 0, worstPos = 0, worstGaze = 0, worstIris = 0, sumLm = 0;
        int detections = 0;
        for (int t = 0; t < FRAMES; t++) {
            AffineTransform m = motion(t, cx, cy);
            FrameAnalysis f = analyzer.analyze(Images.warp(closeUp, W, H, m), t / 30.0);
            assertTrue(f.tracked(), "frame " + t + " lost");
            detections += f.detected() ? 1 : 0;
            if (t == 0) {
                first = f;
                firstInverse = m.createInverse();
                continue;
            }
            // Where frame 0's landmarks must be now: back to close-up pixels, then through this frame's motion.
            AffineTransform expected = new AffineTransform(m);
            expected.concatenate(firstInverse);
            double iod = f.landmarks().outerEyeCornerDistance();
            double[] err = new double[FaceLandmarks.MESH];
            for (int i = 0; i < err.length; i++) {
                Point2D p = expected.transform(new Point2D.Double(first.landmarks().x(i), first.landmarks().y(i)), null);
                err[i] = Math.hypot(p.getX() - f.landmarks().x(i), p.getY() - f.landmarks().y(i)) / iod;
            }
            double lm = FaceTrackingTest.median(err);
            sumLm += lm;
            worstLm = Math.max(worstLm, lm);
            // Image rotation by +theta (clockwise on screen, y down) is a roll of -theta in the pose's y-up frame.
            double roll = f.pose().rollDeg() - first.pose().rollDeg();
            worstRoll = Math.max(worstRoll, Math.abs(wrap(roll + rotationDeg(expected))));
            worstScale = Math.max(worstScale, Math.abs(f.pose().scale() / first.pose().scale() / scaleOf(expected) - 1));
            Point2D head = expected.transform(new Point2D.Double(first.pose().imageX(), first.pose().imageY()), null);
            worstPos = Math.max(worstPos, Math.hypot(head.getX() - f.pose().imageX(), head.getY() - f.pose().imageY())
                    / iod);
            worstIris = Math.max(worstIris, Math.max(
                    Math.max(Math.abs(f.right().irisX() - first.right().irisX()),
                            Math.abs(f.left().irisX() - first.left().irisX())),
                    Math.max(Math.abs(f.right().irisY() - first.right().irisY()),
                            Math.abs(f.left().irisY() - first.left().irisY()))));
            worstGaze = Math.max(worstGaze, Math.max(
                    Math.max(Math.abs(f.right().gazeH() - first.right().gazeH()),
                            Math.abs(f.left().gazeH() - first.left().gazeH())),
                    Math.max(Math.abs(f.right().gazeV() - first.right().gazeV()),
                            Math.abs(f.left().gazeV() - first.left().gazeV()))));
        }
        System.out.printf("known motion, %d frames (detector ran %d times): landmark error median %.4f (mean over frames)"
                + " worst %.4f of eye-corner distance; roll error <= %.2f deg; scale error <= %.3f; head position"
                + " error <= %.3f of eye-corner distance; iris position change <= %.3f of eye width; gaze change <= %.2f"
                + " deg%n", FRAMES, detections, sumLm / (FRAMES - 1), worstLm, worstRoll, worstScale, worstPos,
                worstIris, worstGaze);
        assertTrue(worstLm < LANDMARK_TOLERANCE, "landmarks " + worstLm);
        assertTrue(worstRoll < ROLL_TOLERANCE_DEG, "roll " + worstRoll);
        assertTrue(worstScale < SCALE_TOLERANCE, "scale " + worstScale);
        assertTrue(worstPos < POSITION_TOLERANCE, "position " + worstPos);
        assertTrue(worstIris < IRIS_TOLERANCE, "iris " + worstIris);
        assertTrue(worstGaze < GAZE_TOLERANCE_DEG, "gaze " + worstGaze);
    }

    private static double wrap(double deg) {
        return ((deg + 540) % 360) - 180;
    }

    /** The head-pose clip's first face, cropped square (2x its box) and upscaled 4x. */
    static BgrImage closeUp() throws Exception {
        List<BgrImage> frames = TestModels.frames(Peers.shared("media/head-pose-face-detection-male.gif"));
        BgrImage frame = frames.get(0);
        FaceDetection d = TestModels.detector().detect(frame).get(0);
        int side = (int) Math.round(2 * Math.max(d.width(), d.height()));
        BgrImage crop = Images.crop(frame, (int) Math.round(d.cx() - side / 2.0), (int) Math.round(d.cy() - side / 2.0),
                side, side);
        return Images.scale(crop, 4);
    }

}
