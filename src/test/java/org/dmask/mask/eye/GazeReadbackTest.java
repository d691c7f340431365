package org.dmask.mask.eye;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

/** The readback's fit: corrections that bring a drifting chain's reading back to what was meant. */
@SlowTest
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
        for (int i = 0; i < 56; i++) {
            assertEquals(-2, c[i], 0.05, "frame " + i);
        }
        // Past the last reading the correction fades out, with no step a viewer would take for a saccade.
        for (int i = 55; i < 80; i++) {
            assertTrue(Math.abs(c[i + 1] - c[i]) < 0.3, "step at frame " + i + ": " + c[i] + " → " + c[i + 1]);
            assertTrue(c[i + 1] >= c[i] - 1e-6, "fades monotonically at frame " + i);
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

    @Test
    void onlyStretchesNearATurnedEyeAreReadBack() {
        EyeResponse response = EyeResponse.standard();
        double restRight = response.restReading(true, 0), restLeft = response.restReading(false, 0);
        double[][] wanted = new double[2][100];
        for (int i = 0; i < 100; i++) {
            wanted[0][i] = restRight + 5 * Math.sin(i / 5.0); // within ±6° of rest, as the ground truth's right eye
            wanted[1][i] = restLeft + (i >= 40 && i < 50 ? -15 : 3);
        }
        wanted[1][45] = Double.NaN; // a blink inside the turned stretch
        boolean[] near = GazeReadback.nearATurnedEye(wanted);
        int reach = GazeReadback.TURN_REACH_FRAMES;
        for (int i = 0; i < 100; i++) {
            boolean expected = i >= 40 - reach && i < 50 + reach;
            assertEquals(expected, near[i], "frame " + i);
        }
    }

    @Test
    void stretchesAreCutAtGapsAndAtTheirLengthOnly() {
        List<Integer> samples = new ArrayList<>();
        for (int i = 0; i < 3 * (GazeReadback.STRETCH_FRAMES + 10); i += 3) {
            samples.add(i);
        }
        for (int i = 1000; i < 1030; i += 3) {
            samples.add(i);
        }
        List<List<Integer>> s = GazeReadback.stretches(samples);
        assertEquals(3, s.size());
        assertEquals(GazeReadback.STRETCH_FRAMES, s.get(0).size());
        assertEquals(10, s.get(1).size());
        assertEquals(1000, s.get(2).get(0));
        assertEquals(samples.size(), s.stream().mapToInt(List::size).sum());
    }
}
