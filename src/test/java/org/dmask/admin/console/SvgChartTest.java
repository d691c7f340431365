package org.dmask.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmask.admin.console.SvgChart.Point;
import org.junit.jupiter.api.Test;

/** The dashboard's charts: the scale, gaps, escaping of names, and long histories averaged to the chart's width. */
class SvgChartTest {

    @Test
    void aScaleOfOneTwoOrFiveTimesAPowerOfTenAndAtLeastFour() {
        assertEquals(4, SvgChart.niceCeiling(0));
        assertEquals(4, SvgChart.niceCeiling(3.2));
        assertEquals(10, SvgChart.niceCeiling(7));
        assertEquals(100, SvgChart.niceCeiling(60));
        assertEquals(200, SvgChart.niceCeiling(120));
        assertEquals(500, SvgChart.niceCeiling(201));
    }

    @Test
    void namesAreEscapedAndGapsBreakTheLine() {
        String svg = new SvgChart("Queue <per> target", "jobs").zone(ZoneOffset.UTC)
                .series("pacs\"><script>", List.of(new Point(0, 1), new Point(1000, Double.NaN), new Point(2000, 3),
                        new Point(3000, 2)))
                .svg();
        assertFalse(svg.contains("<script>"), svg);
        assertTrue(svg.contains("pacs&quot;&gt;&lt;script&gt;"), svg);
        Matcher path = Pattern.compile(" d=\"([^\"]*)\"").matcher(svg);
        assertTrue(path.find());
        assertEquals(2, path.group(1).chars().filter(c -> c == 'M').count(), "the NaN starts a new segment");
        assertTrue(svg.contains(">00:00:00<") && svg.contains(">00:00:03<"), "time labels from first to last");
    }

    @Test
    void aLongHistoryIsAveragedToTheChartsWidth() {
        List<Point> pts = new ArrayList<>();
        for (int i = 0; i < 2160; i++) {
            pts.add(new Point(i * 10_000L, i % 2 == 0 ? 0 : 10));
        }
        String svg = new SvgChart("Throughput", "objects/min").series("received", pts).svg();
        Matcher path = Pattern.compile(" d=\"([^\"]*)\"").matcher(svg);
        assertTrue(path.find());
        String[] steps = path.group(1).split("[ML]");
        assertEquals(240, steps.length - 1, "one point per bucket");
        assertTrue(svg.contains(">10<"), "the averages (5) on a scale of 10: " + svg.substring(0, 400));
    }

    @Test
    void anEmptyChartSaysSo() {
        assertTrue(new SvgChart("Mask speed", "s/video").series("mean", List.of()).svg().contains("no samples yet"));
        assertTrue(new SvgChart("Mask speed", "s/video").series("mean", List.of(new Point(0, Double.NaN),
                new Point(1000, Double.NaN))).svg().contains("nothing in this period"));
    }
}
