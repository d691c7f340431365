package org.dmask.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A plain time-series plot drawn with java.awt (headless): named series over frame time, gaps where NaN. */
public final class LinePlot {

    static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private record Series(String name, double[] y) {
    }

    private final String title, yLabel;
    private final double fps;
    private final List<Series> series = new ArrayList<>();

    public LinePlot(String title, String yLabel, double fps) {
        this.title = title;
        this.yLabel = yLabel;
        this.fps = fps;
    }

    public LinePlot add(String name, double[] y) {
        series.add(new Series(name, y));
        return this;
    }

    public void write(Path png) throws IOException {
        int w = 900, h = 300, left = 60, right = 20, top = 30, bottom = 40;
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        int n = 1;
        for (Series s : series) {
            n = Math.max(n, s.y().length);
            for (double v : s.y()) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            min = -1;
            max = 1;
        }
        if (max - min < 1e-9) {
            max = min + 1;
        }
        double pad = 0.05 * (max - min);
        min -= pad;
        max += pad;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartCanvas.open(img, true);
        g.drawString(title, left, 18);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        double duration = (n - 1) / fps;
        String tick = tickFormat(min, max);
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            int y = (int) (top + (h - top - bottom) * (1 - (double) k / 4));
            g.drawString(String.format(Locale.ROOT, tick, v), 5, y + 4);
            double t = duration * k / 4;
            int x = left + (w - left - right) * k / 4;
            g.drawString(String.format(Locale.ROOT, "%.1f s", t), x - 10, h - bottom + 15);
        }
        g.drawString(yLabel, 5, top - 5 > 12 ? h - 5 : h - 5);
        int legendX = left + 10;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            Color c = COLOURS[i % COLOURS.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(1.5f));
            Path2D path = new Path2D.Double();
            boolean pen = false;
            for (int f = 0; f < s.y().length; f++) {
                if (Double.isNaN(s.y()[f])) {
                    pen = false;
                    continue;
                }
                double x = left + (w - left - right) * (n == 1 ? 0 : (double) f / (n - 1));
                double y = top + (h - top - bottom) * (1 - (s.y()[f] - min) / (max - min));
                if (pen) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    pen = true;
                }
            }
            g.draw(path);
            g.fillRect(legendX, h - 14, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), legendX + 14, h - 5);
            legendX += 24 + g.getFontMetrics().stringWidth(s.name());
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    /** Enough decimals that the five tick labels differ (ticks 0.05 apart need 0.150, not 0.1 and 0.2). */
    static String tickFormat(double min, double max) {
        double step = (max - min) / 4;
        int decimals = step > 0 ? Math.max(0, Math.min(4, (int) Math.ceil(-Math.log10(step)) + 1)) : 1;
        return "%." + decimals + "f";
    }
}
