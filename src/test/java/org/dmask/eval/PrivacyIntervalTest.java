package org.dmask.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
