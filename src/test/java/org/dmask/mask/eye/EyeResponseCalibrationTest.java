package org.dmask.mask.eye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The calibration's smoothing of the gaze curves (EyeResponseCalibration.smoothed, smoothedAcross). */
@SlowTest
class EyeResponseCalibrationTest {

    private static List<float[]> sweep(double slope, double noise, long seed) {
        Random random = new Random(seed);
        List<float[]> points = new ArrayList<>();
        for (float yaw : EyeResponseCalibration.sweep(0)) {
            points.add(new float[] {yaw, (float) (2 + slope * yaw + noise * random.nextGaussian())});
        }
        return points;
    }

    @Test
    void aStraightResponseComesOutUnchangedToTheEnds() {
        List<float[]> line = sweep(0.45, 0, 1);
        List<float[]> out = EyeResponseCalibration.smoothed(line, EyeResponseCalibration.GAZE_BANDWIDTH_DEGREES);
        assertEquals(line.size(), out.size());
        for (int i = 0; i < line.size(); i++) {
            assertEquals(line.get(i)[0], out.get(i)[0], "the levels stay where they were measured");
            assertEquals(line.get(i)[1], out.get(i)[1], 1e-4, "a local linear fit reproduces a line, at " + i);
        }
    }

    @Test
    void stillNoiseNoLongerMakesTheLocalSlopeSwingFromLevelToLevel() {
        // The generic eye read at 0.45 of its turn, each still to about 0.6 degrees (three placements averaged).
        List<float[]> noisy = sweep(0.45, 0.6, 7);
        List<float[]> out = EyeResponseCalibration.smoothed(noisy, EyeResponseCalibration.GAZE_BANDWIDTH_DEGREES);
        double rawWorst = 0, smoothWorst = 0;
        for (int i = 1; i < noisy.size(); i++) {
            double dx = noisy.get(i)[0] - noisy.get(i - 1)[0];
            rawWorst = Math.max(rawWorst, Math.abs((noisy.get(i)[1] - noisy.get(i - 1)[1]) / dx - 0.45));
            smoothWorst = Math.max(smoothWorst, Math.abs((out.get(i)[1] - out.get(i - 1)[1]) / dx - 0.45));
        }
        System.out.printf(Locale.ROOT, "slope strays: raw %.3f, smoothed %.3f%n", rawWorst, smoothWorst);
        assertTrue(rawWorst > 0.3, "the raw curve's slope strays by " + rawWorst);
        assertTrue(smoothWorst < rawWorst / 2, "the smoothed curve's slope strays by " + smoothWorst);
        // And the inverse the mask uses stays a usable, rising curve.
        EyeResponse.Curve curve = EyeResponseCalibration.monotone(out, "test");
        assertTrue(curve.param().length > noisy.size() / 2, "most levels survive: " + curve.param().length);
    }

    @Test
    void theBendOfATurnedEyesCurveIsKept() {
        // The generic eye turned in reads with a bend: its local slope goes from about 0.45 to 0.8 and back over some
        // 15 degrees of turn (the committed table). A kernel as wide as that bend flattens it, and the mask, which
        // inverts the curve, then draws the turned eye wrong by degrees of reading (up to 2.4 with a 5-degree kernel:
        // the generic eye's chain errors on stills, conformance/mask-evaluation.md, 2026-12-07).
        List<float[]> bent = new ArrayList<>();
        for (float yaw : EyeResponseCalibration.sweep(0)) {
            bent.add(new float[] {yaw, (float) (0.6 * yaw + 2.5 * Math.sin(2 * Math.PI * yaw / 25))});
        }
        double kept = worstError(bent,
                EyeResponseCalibration.smoothed(bent, EyeResponseCalibration.GAZE_BANDWIDTH_DEGREES));
        double wide = worstError(bent, EyeResponseCalibration.smoothed(bent, 5));
        System.out.printf(Locale.ROOT, "bend flattened by: %.3f (kernel in use), %.3f (5 degrees)%n", kept,
                wide);
        assertTrue(kept < 0.6, "the smoothed bend is off by " + kept);
        assertTrue(wide > 1.0, "a 5-degree kernel should flatten it, off by only " + wide);
    }

    private static double worstError(List<float[]> truth, List<float[]> smoothed) {
        double worst = 0;
        for (int i = 0; i < truth.size(); i++) {
            worst = Math.max(worst, Math.abs(truth.get(i)[1] - smoothed.get(i)[1]));
        }
        return worst;
    }

    @Test
    void acrossHeadTurnsALineStaysALineAndAMissedReadingStaysMissed() {
        float[] heads = EyeResponse.HEAD_TURNS;
        double[][] grid = new double[heads.length][3];
        for (int k = 0; k < heads.length; k++) {
            for (int i = 0; i < 3; i++) {
                grid[k][i] = i - 0.3 * heads[k];
            }
        }
        grid[2][1] = Double.NaN;
        double[][] out = EyeResponseCalibration.smoothedAcross(heads, grid, EyeResponseCalibration.HEAD_BANDWIDTH_DEGREES);
        for (int k = 0; k < heads.length; k++) {
            for (int i = 0; i < 3; i++) {
                if (k == 2 && i == 1) {
                    assertTrue(Double.isNaN(out[k][i]), "a reading never made is not made up");
                } else {
                    assertEquals(grid[k][i], out[k][i], 1e-4, "level " + k + ", turn " + i);
                }
            }
        }
        // Noise on one level is shared with its neighbours, not passed through.
        grid[3][0] += 1;
        out = EyeResponseCalibration.smoothedAcross(heads, grid, EyeResponseCalibration.HEAD_BANDWIDTH_DEGREES);
        double bump = out[3][0] - (0 - 0.3 * heads[3]);
        assertTrue(bump > 0.1 && bump < 0.8, "a one-level bump of 1 is spread: " + bump);
    }
}
