package org.dmask.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The readback's fit: corrections that bring a drifting chain's reading back to what was meant. */
class GazeReadbackTest {

    private static final int N = 300;

    /** What was meant: a 4 Hz beat of 3° around 15° in, at 30 fps, with a slow sweep. */
    private static double wanted(int i) {
        return -15 + 3 * Math.sin(2 * Math.PI * 4 * i / 30.0) + 3 * Math.sin(2 * Math.PI * 0.25 * i / 30.0);
    }

    /** A chain whose gain and offset drift slowly over the clip, as the turned generic eye's reading does. */
    private static double chain(int i, double drawn) {
        double gain = 1 + 0.4 * Math.sin(2 * Math.PI * i / 200.0);
        double offset = 2 * Math.cos(2 * Math.PI * i / 150.0);
        return gain * (drawn + 15) - 15 + offset;
    }

    private static double[] readEvery(int every, double[] wanted) {
        double[] read = new double[N];
        for (int i = 0; i < N; i++) {
            read[i] = i % every == 0 && !Double.isNaN(wanted[i]) ? chain(i, wanted[i]) : Double.NaN;
        }
        return read;
    }

    private static double rmsAfter(double[] wanted, float[] correction) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < N; i++) {
            if (!Double.isNaN(wanted[i])) {
                double e = chain(i, wanted[i] + correction[i]) - wanted[i];
                s += e * e;
                n++;
            }
        }
        return Math.sqrt(s / n);
    }

    @Test
    void correctionsBringADriftingChainBackToWhatWasMeant() {
        double[] wanted = new double[N];
        for (int i = 0; i < N; i++) {
            wanted[i] = wanted(i);
        }
        float[] none = new float[N];
        float[] c = GazeReadback.fit(wanted, readEvery(GazeReadback.EVERY, wanted));
        double before = rmsAfter(wanted, none), after = rmsAfter(wanted, c);
        assertTrue(before > 1.5, "the chain drifts: " + before);
        assertTrue(after < 0.25 * before, "rms error " + before + " → " + after);
    }

    @Test
    void anExactChainNeedsNoCorrection() {
        double[] wanted = new double[N];
        double[] read = new double[N];
        for (int i = 0; i < N; i++) {
            wanted[i] = wanted(i);
            read[i] = i % GazeReadback.EVERY == 0 ? wanted[i] : Double.NaN;
        }
        for (float v : GazeReadback.fit(wanted, read)) {
            assertEquals(0, v, 1e-4);
        }
    }

    @Test
    void closedEyesAndFramesFarFromAnyReadingAreLeftAlone() {
        double[] wanted = new double[N];
        double[] read = new double[N];
        for (int i = 0; i < N; i++) {
            wanted[i] = i >= 100 && i < 105 ? Double.NaN : wanted(i);
            // read back only in the first 60 frames, 2° long everywhere
            read[i] = i < 60 && i % 3 == 0 ? wanted(i) + 2 : Double.NaN;
        }
        // a reading next to the closed eye, wildly off, must not count
        read[99] = 40;
        read[106] = 40;
        float[] c = GazeReadback.fit(wanted, read);
        for (int i = 0; i < 60; i++) {
            assertEquals(-2, c[i], 0.05, "frame " + i);
        }
        // Only the two readings beside the closed eye lie within reach of these frames, and they are left out.
        for (int i = 85; i < 100; i++) {
            assertEquals(0, c[i], "frame " + i);
        }
        for (int i = 100; i < 105; i++) {
            assertEquals(0, c[i], "closed eye, frame " + i);
        }
        for (int i = 120; i < N; i++) {
            assertEquals(0, c[i], "nothing read within reach, frame " + i);
        }
    }

    @Test
    void correctionsAreBounded() {
        double[] wanted = new double[N];
        double[] read = new double[N];
        for (int i = 0; i < N; i++) {
            wanted[i] = wanted(i);
            read[i] = i % 3 == 0 ? wanted[i] + 30 : Double.NaN;
        }
        for (float v : GazeReadback.fit(wanted, read)) {
            assertEquals(-GazeReadback.MAX_CORRECTION_DEG, v, 1e-6);
        }
    }
}
