package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** Per-clip signal arithmetic on series with a known answer. */
@SlowTest
class ClipSignalsTest {

    @Test
    void periodogramFindsNystagmusFrequencyAndAmplitudeUnderDriftAndNoise() {
        Random rnd = new Random(11);
        double fps = 30;
        for (double[] c : new double[][] {{3.5, 2.0}, {7.0, 0.8}, {10.0, 1.5}, {12.5, 3.0}}) {
            double[] x = new double[240];
            for (int k = 0; k < x.length; k++) {
                double t = k / fps;
                x[k] = 5 + 2 * t + c[1] * Math.sin(2 * Math.PI * c[0] * t) + 0.2 * rnd.nextGaussian();
            }
            Periodogram.Peak p = Periodogram.dominant(x, fps, 1.0);
            assertEquals(c[0], p.frequencyHz(), 0.1, "frequency");
            assertEquals(c[1], p.amplitude(), 0.15 * c[1], "amplitude");
            assertTrue(p.powerFraction() > 0.5, "power fraction " + p.powerFraction());
        }
        double[] noise = new double[240];
        for (int k = 0; k < noise.length; k++) {
            noise[k] = 0.2 * rnd.nextGaussian();
        }
        assertTrue(Periodogram.dominant(noise, fps, 1.0).powerFraction() < 0.1, "white noise has no dominant peak");
    }

    @Test
    void aLargeSlowSweepDoesNotHideANystagmusOnAShortClip() {
        // 4 s at 30 fps: a 0.25 Hz sweep of 8 degrees and a 4 Hz nystagmus of 1 degree. Without a window the
        // sweep's leakage peaked just above the 1 Hz search floor.
        double fps = 30;
        double[] x = new double[120];
        for (int k = 0; k < x.length; k++) {
            double t = k / fps;
            x[k] = 8 * Math.sin(2 * Math.PI * 0.25 * t + 0.4) + Math.sin(2 * Math.PI * 4 * t);
        }
        Periodogram.Peak p = Periodogram.dominant(x, fps, 1.0);
        assertEquals(4, p.frequencyHz(), 0.1, "frequency");
        assertEquals(1, p.amplitude(), 0.2, "amplitude");
    }

    @Test
    void aBlinkMustCloseTheFissureNotJustDipToTheThreshold() {
        double[] h = new double[60];
        java.util.Arrays.fill(h, 0.4);
        for (int k = 10; k < 15; k++) {
            h[k] = 0.1; // a blink: a quarter of open
        }
        for (int k = 30; k < 35; k++) {
            h[k] = 0.19; // a dip just under half of open, never closing: not a blink
        }
        h[50] = Double.NaN;
        boolean[] b = ClipAnalysis.blinks(h);
        for (int k = 0; k < h.length; k++) {
            assertEquals(k >= 10 && k < 15, b[k], "frame " + k);
        }
    }

    @Test
    void gapsAreFilledLinearlyAndHeldAtTheEnds() {
        double n = Double.NaN;
        assertArrayEquals(new double[] {2, 2, 4, 6, 8, 8}, ClipAnalysis.fillGaps(new double[] {n, 2, n, n, 8, n}));
    }

    @Test
    void eyeSignalsOfAKnownEyeGeometry() {
        // A level eye 30 px wide, lids 6 px above and below the corner line at the middle, iris 3 px right, 1 px up.
        double[] contour = levelEye(0);
        double[] iris = {118, 49, 124, 49, 118, 43, 112, 49, 118, 55};
        EyeLandmarks eye = new EyeLandmarks(contour, iris, null);
        // Head facing the camera, 100 px per cm, so the 12 mm eyeball is 120 px.
        HeadPose pose = new HeadPose(100, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3], 0);
        EyeSignals s = EyeSignalCalculator.compute(eye, pose, 30);
        assertEquals(3 / 30.0, s.irisX(), 1e-9);
        assertEquals(1 / 30.0, s.irisY(), 1e-9);
        assertEquals(Math.toDegrees(Math.asin(3 / 120.0)), s.gazeH(), 1e-9);
        assertEquals(Math.toDegrees(Math.asin(1 / 120.0)), s.gazeV(), 1e-9);
        double lidAtIris = 6 * Math.sin(Math.PI * 18 / 30); // both lids are piecewise linear through the sine points
        assertEquals(lidAtIris / 30 - 1 / 30.0, s.mrd1(), 0.01);
        assertEquals(lidAtIris / 30 + 1 / 30.0, s.mrd2(), 0.01);
        assertEquals(12 / 30.0, s.fissureHeight(), 0.01);
        assertEquals(3.0, s.fissureWidthMm(), 1e-9);
        assertEquals(1.2, s.fissureHeightMm(), 0.03);
    }

    /**
     * The eye model's contour of a level eye 30 px wide at x 100..130, y 50, lids 6 px above and below the corner line
     * at the middle (sine-shaped), with both corners read {@code cornerInset} px toward the middle.
     */
    private static double[] levelEye(double cornerInset) {
        double[] contour = new double[EyeLandmarks.CONTOUR * 2];
        for (int i = 0; i <= 8; i++) { // 0 outer (left), 1..7 lower lid, 8 inner (right)
            double x = 100 + 30.0 * i / 8;
            double lift = 6 * Math.sin(Math.PI * i / 8);
            contour[2 * i] = i == 0 ? x + cornerInset : i == 8 ? x - cornerInset : x;
            contour[2 * i + 1] = 50 + lift; // lower lid: below (image y down)
            if (i >= 1 && i <= 7) {
                contour[2 * (8 + i)] = x;
                contour[2 * (8 + i) + 1] = 50 - lift; // upper lid points 9..15
            }
        }
        return contour;
    }

    @Test
    void lidMarginsAreMeasuredAgainstTheHeadsEyeWidthNotTheDriftingCorners() {
        // The eye model's corners drift toward the iris (here 2 px each, so it reads the eye 26 px wide) while the
        // lids stay where they are: the head's eye width is still 30 px, so MRD1 must not grow by 30/26.
        double[] contour = levelEye(2);
        double[] iris = {115, 50, 121, 50, 115, 44, 109, 50, 115, 56};
        HeadPose pose = new HeadPose(100, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3], 0);
        EyeSignals s = EyeSignalCalculator.compute(new EyeLandmarks(contour, iris, null), pose, 30);
        assertEquals(6 / 30.0, s.mrd1(), 1e-9, "the lid is 6 px above the iris centre");
        assertEquals(6 / 30.0, s.mrd2(), 1e-9);
        assertEquals(12 / 30.0, s.fissureHeight(), 1e-9);
        assertEquals(1.2, s.fissureHeightMm(), 1e-9);
        assertEquals(2.6, s.fissureWidthMm(), 1e-9, "the width reads what the eye model saw");
        assertThrows(IllegalArgumentException.class,
                () -> EyeSignalCalculator.compute(new EyeLandmarks(contour, iris, null), pose, 0));
    }

    @Test
    void aTurnedHeadDoesNotReadAsGaze() {
        // The same eye, iris centred between the corners, seen with the head turned 20 degrees: the iris (0.36 cm in
        // front of the corners) appears shifted by 100 px/cm * 0.36 cm * sin 20 = 12.3 px toward the image's right.
        double yaw = Math.toRadians(20);
        double shift = 100 * 0.36 * Math.sin(yaw);
        double[] contour = new double[EyeLandmarks.CONTOUR * 2];
        for (int i = 0; i <= 15; i++) {
            int k = i <= 8 ? i : i - 8;
            contour[2 * i] = 100 + 30.0 * k / 8;
            contour[2 * i + 1] = 50 + (i <= 8 ? 1 : -1) * 6 * Math.sin(Math.PI * k / 8);
        }
        double[] iris = {115 + shift, 50, 0, 0, 0, 0, 0, 0, 0, 0};
        double c = Math.cos(yaw), s = Math.sin(yaw);
        HeadPose turned = new HeadPose(100, new double[] {c, 0, s, 0, 1, 0, -s, 0, c}, new double[3], 0);
        assertEquals(20, turned.yawDeg(), 1e-9);
        EyeSignals e = EyeSignalCalculator.compute(new EyeLandmarks(contour, iris, null), turned, 30);
        assertEquals(shift / 30, e.irisX(), 1e-9, "the image position shows the shift");
        assertEquals(0, e.gazeH(), 1e-9, "the gaze does not");
        assertEquals(0, e.gazeV(), 1e-9);
    }

    private static void assertArrayEquals(double[] a, double[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 1e-12);
    }
}
