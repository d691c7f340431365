package org.dmask.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;

@SlowTest
class LinePlotTest {

    @Test
    void tickLabelsDifferWhateverTheRange() {
        double[][] ranges = {{0.1, 0.3}, {0.0, 0.02}, {-12, 25}, {0, 1000}, {3.9, 4.1}};
        for (double[] r : ranges) {
            String format = LinePlot.tickFormat(r[0], r[1]);
            Set<String> labels = new HashSet<>();
            for (int k = 0; k <= 4; k++) {
                labels.add(String.format(Locale.ROOT, format, r[0] + (r[1] - r[0]) * k / 4));
            }
            assertEquals(5, labels.size(), "ticks of " + r[0] + ".." + r[1] + " with " + format + ": " + labels);
        }
    }
}
