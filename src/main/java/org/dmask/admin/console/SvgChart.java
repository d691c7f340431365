package org.dmask.admin.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart over time as inline SVG, rendered on the server: no script, no chart library. Series with more points
 * than the chart is wide are averaged into buckets. Text is escaped; the series names come from target names.
 */
public final class SvgChart {

    /** A value at a time; NaN leaves a gap. */
    public record Point(long epochMillis, double value) {
    }

    private static final String[] COLOURS = {"#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2",
        "#db2777", "#4b5563"};
    private static final int WIDTH = 560;
    private static final int HEIGHT = 200;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 40;
    private static final int MAX_POINTS = 240;

    private final String title;
    private final String unit;
    private final Map<String, List<Point>> series = new LinkedHashMap<>();
    private ZoneId zone = ZoneId.systemDefault();

    public SvgChart(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    public SvgChart series(String name, List<Point> points) {
        series.put(name, points);
        return this;
    }

    public SvgChart zone(ZoneId z) {
        this.zone = z;
        return this;
    }

    public String title() {
        return title;
    }

    /** The chart as an {@code <svg>} element. */
    public String svg() {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        double max = 0;
        Map<String, List<Point>> drawn = new LinkedHashMap<>();
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            List<Point> pts = bucketed(e.getValue());
            drawn.put(e.getKey(), pts);
            for (Point p : pts) {
                t0 = Math.min(t0, p.epochMillis());
                t1 = Math.max(t1, p.epochMillis());
                if (!Double.isNaN(p.value())) {
                    max = Math.max(max, p.value());
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        if (t0 == Long.MAX_VALUE) {
            s.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no samples yet")).append("</svg>");
            return s.toString();
        }
        if (t1 == t0) {
            t1 = t0 + 1000;
        }
        double top = niceCeiling(max);
        // grid and y labels
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e5e7eb\"/>");
            s.append(text(LEFT - 6, y + 4, "end", number(v)));
        }
        // time labels: start, middle, end
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
        for (int i = 0; i <= 2; i++) {
            long t = t0 + (t1 - t0) * i / 2;
            double x = LEFT + plotW * i / 2.0;
            s.append(text(x, TOP + plotH + 16, i == 0 ? "start" : i == 2 ? "end" : "middle",
                    hm.format(Instant.ofEpochMilli(t))));
        }
        if (!anyValue(drawn)) {
            s.append(text(LEFT + plotW / 2.0, TOP + plotH / 2.0, "middle", "nothing in this period")
                    .replace("<text ", "<text class=\"unit\" "));
        }
        // series
        int c = 0;
        double legendX = LEFT;
        for (Map.Entry<String, List<Point>> e : drawn.entrySet()) {
            String colour = COLOURS[c++ % COLOURS.length];
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (Point p : e.getValue()) {
                if (Double.isNaN(p.value())) {
                    pen = false;
                    continue;
                }
                double x = LEFT + plotW * (double) (p.epochMillis() - t0) / (t1 - t0);
                double y = TOP + plotH - (top == 0 ? 0 : plotH * p.value() / top);
                d.append(pen ? " L" : " M").append(fmt(x)).append(' ').append(fmt(y));
                pen = true;
            }
            if (d.length() > 0) {
                s.append("<path fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" d=\"")
                        .append(d.toString().trim()).append("\"><title>").append(esc(e.getKey()))
                        .append("</title></path>");
            }
            double ly = HEIGHT - 8;
            s.append("<rect x=\"").append(fmt(legendX)).append("\" y=\"").append(fmt(ly - 9)).append("\" width=\"10\" "
                    + "height=\"10\" fill=\"").append(colour).append("\"/>");
            s.append(text(legendX + 14, ly, "start", e.getKey()));
            legendX += 24 + 7 * e.getKey().length();
        }
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#9ca3af\"/>");
        return s.append("</svg>").toString();
    }

    private static boolean anyValue(Map<String, List<Point>> series) {
        return series.values().stream().flatMap(List::stream).anyMatch(p -> !Double.isNaN(p.value()));
    }

    /** The chart's heading: its title and unit. */
    public String heading() {
        return title + " (" + unit + ")";
    }

    /** At most MAX_POINTS points: the mean of each bucket (NaN only when the bucket has no value). */
    private static List<Point> bucketed(List<Point> pts) {
        if (pts.size() <= MAX_POINTS) {
            return pts;
        }
        List<Point> out = new ArrayList<>();
        double per = pts.size() / (double) MAX_POINTS;
        for (int b = 0; b < MAX_POINTS; b++) {
            int from = (int) Math.floor(b * per);
            int to = (int) Math.min(pts.size(), Math.floor((b + 1) * per));
            double sum = 0;
            int n = 0;
            for (int i = from; i < to; i++) {
                if (!Double.isNaN(pts.get(i).value())) {
                    sum += pts.get(i).value();
                    n++;
                }
            }
            out.add(new Point(pts.get(Math.max(from, to - 1)).epochMillis(), n == 0 ? Double.NaN : sum / n));
        }
        return out;
    }

    /** 1, 2 or 5 times a power of ten, at least v (and at least 4, so small counts get whole-number ticks). */
    static double niceCeiling(double v) {
        if (v <= 4) {
            return 4;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String number(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + esc(content)
                + "</text>";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
