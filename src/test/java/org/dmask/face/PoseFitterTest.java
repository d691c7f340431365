package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class PoseFitterTest {

    static CanonicalMesh mesh() throws Exception {
        return CanonicalMesh.read(TestModels.registry().path(CanonicalMesh.MODEL));
    }

    /** Camera points of the canonical mesh moved by a known pose, with the mouth opened by an "expression". */
    static double[] posed(CanonicalMesh mesh, HeadPose pose, double expressionCm, Random rnd, double noisePx) {
        double[] v = mesh.vertices();
        double[] out = new double[v.length];
        for (int i = 0; i < mesh.vertexCount(); i++) {
            double y = v[3 * i + 1];
            // Everything below the nose drops with an open jaw: a large non-rigid motion on low-weight points.
            double drop = y < -2.5 ? expressionCm : 0;
            double[] p = pose.apply(v[3 * i], y - drop, v[3 * i + 2]);
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = p[k] + noisePx * rnd.nextGaussian();
            }
        }
        return out;
    }

    static HeadPose pose(double yaw, double pitch, double roll, double scale, double tx, double ty) {
        double cy = Math.cos(Math.toRadians(yaw)), sy = Math.sin(Math.toRadians(yaw));
        double cp = Math.cos(Math.toRadians(pitch)), sp = Math.sin(Math.toRadians(pitch));
        double cr = Math.cos(Math.toRadians(roll)), sr = Math.sin(Math.toRadians(roll));
        double[] rz = {cr, -sr, 0, sr, cr, 0, 0, 0, 1};
        double[] ry = {cy, 0, sy, 0, 1, 0, -sy, 0, cy};
        double[] rx = {1, 0, 0, 0, cp, -sp, 0, sp, cp};
        return new HeadPose(scale, mul(rz, mul(ry, rx)), new double[] {tx, ty, 0}, 0);
    }

    static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
                }
            }
        }
        return c;
    }

    @Test
    void recoversAKnownPoseDespiteAnOpenJawAndNoise() throws Exception {
        CanonicalMesh mesh = mesh();
        PoseFitter fitter = new PoseFitter(mesh);
        Random rnd = new Random(7);
        double[][] cases = {{0, 0, 0, 10, 320, -240}, {25, -10, 15, 6.5, 100, -50}, {-35, 20, -30, 14, 500, -400},
            {10, 5, 170, 8, 0, 0}};
        for (double[] c : cases) {
            HeadPose truth = pose(c[0], c[1], c[2], c[3], c[4], c[5]);
            HeadPose fit = fitter.fit(posed(mesh, truth, 1.5, rnd, 0.3));
            String what = java.util.Arrays.toString(c);
            assertEquals(c[0], fit.yawDeg(), 1.0, what + " yaw");
            assertEquals(c[1], fit.pitchDeg(), 1.0, what + " pitch");
            assertEquals(c[2], fit.rollDeg(), 1.0, what + " roll");
            assertEquals(c[3], fit.scale(), 0.02 * c[3], what + " scale");
            assertEquals(c[4], fit.translation()[0], 0.5 + c[3] * 0.2, what + " tx");
            assertEquals(c[5], fit.translation()[1], 0.5 + c[3] * 0.2, what + " ty");
        }
    }

    @Test
    void neutralShapeIgnoresAMinorityOfExpressionFramesAndResidualShowsThem() throws Exception {
        CanonicalMesh mesh = mesh();
        PoseFitter fitter = new PoseFitter(mesh);
        Random rnd = new Random(3);
        List<double[]> canonical = new ArrayList<>();
        List<Boolean> open = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            boolean jawOpen = f % 3 == 0; // a third of the frames talk
            HeadPose truth = pose(rnd.nextGaussian() * 15, rnd.nextGaussian() * 8, rnd.nextGaussian() * 10,
                    8 + rnd.nextDouble() * 4, 300, -200);
            double[] cam = posed(mesh, truth, jawOpen ? 1.2 : 0, rnd, 0.2);
            canonical.add(PoseFitter.toCanonical(fitter.fit(cam), cam));
            open.add(jawOpen);
        }
        double[] neutral = NeutralShape.median(canonical);
        int chin = 152;
        assertEquals(mesh.vertices()[3 * chin + 1], neutral[3 * chin + 1], 0.1, "neutral chin at the closed position");
        for (int f = 0; f < canonical.size(); f++) {
            double drop = -NeutralShape.residual(canonical.get(f), neutral)[3 * chin + 1];
            assertEquals(open.get(f) ? 1.2 : 0, drop, 0.15, "frame " + f + " chin residual");
        }
        NeutralShape.Running running = new NeutralShape.Running(0.02);
        double[] live = null;
        for (int pass = 0; pass < 5; pass++) { // 300 frames: 10 s of live video at 30 fps
            for (double[] c : canonical) {
                live = running.update(c);
            }
        }
        assertEquals(neutral[3 * chin + 1], live[3 * chin + 1], 0.1, "running estimate near the two-pass median");
    }

    @Test
    void fitsRealLandmarksWithASmallResidual() throws Exception {
        List<BgrImage> frames = TestModels.frames(Peers.shared("media/head-pose-face-detection-male.gif"));
        FaceTracker tracker = TestModels.tracker();
        PoseFitter fitter = new PoseFitter(mesh());
        double worst = 0;
        double maxAngle = 0;
        for (int i = 0; i < frames.size(); i += 4) {
            tracker.reset();
            FaceLandmarks lm = tracker.next(frames.get(i)).landmarks();
            HeadPose p = fitter.fit(lm);
            worst = Math.max(worst, p.rms() / lm.outerEyeCornerDistance());
            maxAngle = Math.max(maxAngle, Math.max(Math.abs(p.yawDeg()), Math.max(Math.abs(p.pitchDeg()),
                    Math.abs(p.rollDeg()))));
        }
        System.out.printf("real fit: worst weighted RMS %.3f of eye-corner distance; largest |yaw|,|pitch|,|roll| %.1f"
                + " deg%n", worst, maxAngle);
        assertTrue(worst < 0.08, "fit residual " + worst);
        // The man faces the camera throughout: a wrong axis convention would show up as angles near 180 degrees.
        assertTrue(maxAngle < 20, "frontal face, largest angle " + maxAngle);
    }

    @Test
    void projectedDistanceIsTheCanonicalDistanceAsThePoseDrawsIt() throws Exception {
        CanonicalMesh mesh = mesh();
        PoseFitter fitter = new PoseFitter(mesh);
        double[] v = mesh.vertices();
        int a = FaceLandmarks.RIGHT_EYE_OUTER, b = FaceLandmarks.RIGHT_EYE_INNER;
        double canonical = Math.hypot(v[3 * a] - v[3 * b], v[3 * a + 1] - v[3 * b + 1]);
        HeadPose frontal = new HeadPose(20, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[] {320, -240, 0}, 0);
        assertEquals(20 * canonical, fitter.projectedDistance(frontal, a, b), 1e-9);
        // Turned 40 degrees about the vertical axis, the corners' depth difference now shows as width.
        double t = Math.toRadians(40), c = Math.cos(t), s = Math.sin(t);
        HeadPose turned = new HeadPose(20, new double[] {c, 0, s, 0, 1, 0, -s, 0, c}, new double[3], 0);
        double dx = c * (v[3 * a] - v[3 * b]) + s * (v[3 * a + 2] - v[3 * b + 2]);
        double dy = v[3 * a + 1] - v[3 * b + 1];
        assertEquals(20 * Math.hypot(dx, dy), fitter.projectedDistance(turned, a, b), 1e-9);
    }
}
