package org.dmask.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The stabilisation must not erase nystagmus: 10 Hz at 30 fps passes, still noise is damped. */
@SlowTest
class MotionFilterTest {

    static final double FPS = 30;

    /** Amplitude of the f-Hz component of y (from sample `from` on), by projection. */
    static double amplitudeAt(double[] y, double f, int from) {
        double c = 0, s = 0;
        for (int k = from; k < y.length; k++) {
            c += y[k] * Math.cos(2 * Math.PI * f * k / FPS);
            s += y[k] * Math.sin(2 * Math.PI * f * k / FPS);
        }
        return 2 * Math.hypot(c, s) / (y.length - from);
    }

    static double[] run(MotionFilter filter, double[] x) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = filter.filter(x[k], 1 / FPS);
        }
        return y;
    }

    @Test
    void tenHertzNystagmusOfOneDegreeOrMoreKeepsNinetyPercentOfItsAmplitude() {
        for (double amplitude : new double[] {1, 2, 5}) {
            for (double freq : new double[] {3, 6, 10}) {
                double[] x = new double[300];
                for (int k = 0; k < x.length; k++) {
                    x[k] = 4 + amplitude * Math.sin(2 * Math.PI * freq * k / FPS + 0.3); // on top of a 4 deg gaze
                }
                double kept = amplitudeAt(run(MotionFilter.forDegrees(), x), freq, 60) / amplitude;
                System.out.printf("%.0f Hz, %.0f deg: %.3f of the amplitude kept%n", freq, amplitude, kept);
                assertTrue(kept >= 0.9, freq + " Hz " + amplitude + " deg: kept only " + kept);
                assertTrue(kept <= 1.05, "no overshoot: " + kept);
            }
        }
    }

    @Test
    void stillNoiseIsDampedAndSaccadesFollowedWithinAFewFrames() {
        Random rnd = new Random(5);
        double[] x = new double[600];
        for (int k = 0; k < x.length; k++) {
            x[k] = 0.1 * rnd.nextGaussian();
        }
        double[] y = run(MotionFilter.forDegrees(), x);
        double in = 0, out = 0;
        for (int k = 60; k < x.length; k++) {
            in += x[k] * x[k];
            out += y[k] * y[k];
        }
        double ratio = Math.sqrt(out / in);
        System.out.printf("0.1 deg still noise: %.2f of its RMS left%n", ratio);
        // Modest by design: noise that moves as fast as a small nystagmus cannot be told from it, and must pass.
        assertTrue(ratio < 0.75, "still noise kept " + ratio);

        double[] step = new double[60];
        for (int k = 30; k < 60; k++) {
            step[k] = 15; // a 15 degree saccade
        }
        double[] ys = run(MotionFilter.forDegrees(), step);
        assertTrue(ys[32] > 13.5, "within 2 frames of a saccade: " + ys[32]);
        assertEquals(15, ys[59], 0.2);
    }

    @Test
    void missingMeasurementResetsInsteadOfSmearing() {
        MotionFilter f = MotionFilter.forDegrees();
        f.filter(10, 1 / FPS);
        assertTrue(Double.isNaN(f.filter(Double.NaN, 1 / FPS)));
        assertEquals(-5, f.filter(-5, 1 / FPS), 1e-12);
    }
}
