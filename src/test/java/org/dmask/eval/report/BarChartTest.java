package org.dmask.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SlowTest
class BarChartTest {

    @TempDir
    Path tmp;

    /** Where along a bar's middle row the series colour stops: the bar's drawn length. */
    private static int barEnd(BufferedImage img, int row, int series) {
        int y = BarChart.barTop(row, series, 2) + BarChart.BAR / 2;
        int colour = LinePlot.COLOURS[series].getRGB();
        int end = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            if (img.getRGB(x, y) == colour) {
                end = x;
            }
        }
        return end;
    }

    @Test
    void eachBarIsAsLongAsItsShare() throws Exception {
        Path png = tmp.resolve("chart.png");
        new BarChart("test", "vs original", "vs masked").reference("chance", 0.2).reference("target", 0.25)
                .add("none", 1.0, 1.0).add("mask", 0.097, 0.0).add("blur", 0.313, Double.NaN).write(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(BarChart.WIDTH, img.getWidth());
        assertEquals(BarChart.height(3, 2), img.getHeight());
        assertEquals(BarChart.PLOT_RIGHT - 1, barEnd(img, 0, 0), "100% reaches the right edge");
        assertEquals(BarChart.PLOT_RIGHT - 1, barEnd(img, 0, 1));
        int tenth = barEnd(img, 1, 0) - BarChart.PLOT_LEFT + 1;
        assertEquals(0.097 * (BarChart.PLOT_RIGHT - BarChart.PLOT_LEFT), tenth, 1.5, "9.7% is a tenth of the width");
        assertEquals(-1, barEnd(img, 1, 1), "0% draws no bar");
        assertEquals(-1, barEnd(img, 2, 1), "an unmeasured share draws no bar");
        assertTrue(barEnd(img, 2, 0) > barEnd(img, 1, 0), "31.3% is longer than 9.7%");
    }

    @Test
    void aRowMustHaveOneValuePerSeries() {
        BarChart chart = new BarChart("test", "a", "b");
        assertThrows(IllegalArgumentException.class, () -> chart.add("row", 0.5));
    }
}
