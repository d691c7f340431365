package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmask.eval.report.EvaluationReport;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class PrivacyIntervalTest {

    @Test
    void theWilsonIntervalMatchesWorkedValues() {
        // 50 of 100: 40.4% .. 59.6%; none of 48: 0 .. 7.4%; all of 48: 92.6% .. 100%.
        assertArrayEquals(new double[] {0.4038, 0.5962}, Privacy.wilson95(0.5, 100), 1e-4);
        assertArrayEquals(new double[] {0.0, 0.0741}, Privacy.wilson95(0, 48), 1e-4);
        assertArrayEquals(new double[] {0.9259, 1.0}, Privacy.wilson95(1, 48), 1e-4);
        assertEquals(1.0, Privacy.wilson95(1, 72)[1], 0.0, "the interval holds a share of 1 exactly");
        assertEquals(0.0, Privacy.wilson95(0, 72)[0], 0.0);
    }

    @Test
    void threeTimesTheProbesNarrowTheIntervalAboutSqrtThree() {
        double[] few = Privacy.wilson95(0.2, 48), many = Privacy.wilson95(0.2, 144);
        double ratio = (few[1] - few[0]) / (many[1] - many[0]);
        assertTrue(ratio > 1.6 && ratio < 1.85, "width ratio " + ratio);
        assertTrue(many[0] < 0.2 && many[1] > 0.2);
    }

    @Test
    void noProbesGiveNoInterval() {
        double[] none = Privacy.wilson95(Double.NaN, 0);
        assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
        assertEquals("", EvaluationReport.interval(none));
        assertEquals("(0.0–7.4%)", EvaluationReport.interval(Privacy.wilson95(0, 48)));
    }

    @Test
    void theClipBootstrapResamplesClipsNotFrames() {
        // Six clips of 24 probes; all hits sit in two clips (48 of 144, 33%).
        java.util.Map<String, int[]> concentrated = new java.util.LinkedHashMap<>();
        java.util.Map<String, int[]> spread = new java.util.LinkedHashMap<>();
        for (int c = 0; c < 6; c++) {
            concentrated.put("clip" + c, new int[] {24, c < 2 ? 24 : 0, 0});
            spread.put("clip" + c, new int[] {24, 8, 0});
        }
        double[] wide = Privacy.clipBootstrap95(concentrated, 1);
        double[] narrow = Privacy.clipBootstrap95(spread, 1);
        double[] wilson = Privacy.wilson95(48 / 144.0, 144);
        // Every clip the same: resampling clips cannot move the rate.
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0}, narrow, 1e-12);
        // Hits in two of six clips: resamples run from no hit clip to four or more of six.
        assertTrue(wide[0] <= 0.0 + 1e-12 && wide[1] >= 4 / 6.0 - 1e-12, java.util.Arrays.toString(wide));
        assertTrue(wide[1] - wide[0] > 3 * (wilson[1] - wilson[0]), "the clip interval is far wider than Wilson's");
        // Column 2 (hits against the masked gallery) is read separately: none there.
        assertArrayEquals(new double[] {0, 0}, Privacy.clipBootstrap95(concentrated, 2), 0);
        assertArrayEquals(wide, Privacy.clipBootstrap95(concentrated, 1), 0, "a fixed seed: the same every run");
        double[] none = Privacy.clipBootstrap95(java.util.Map.of(), 1);
        assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
        assertEquals("", EvaluationReport.clipInterval(none));
    }
}
