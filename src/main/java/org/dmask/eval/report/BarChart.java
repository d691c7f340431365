package org.dmask.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Grouped horizontal bars of shares (0..1, drawn as percent), one group per labelled row, one bar per series, with
 * dashed reference lines (chance, a target): java.awt, headless. Rows are drawn top to bottom in the order added.
 */
public final class BarChart {

    static final int WIDTH = 900;
    /** The plot area's left and right edges, pixels: row labels sit left of it. */
    static final int PLOT_LEFT = 230, PLOT_RIGHT = WIDTH - 30;
    static final int TOP = 30, BAR = 12, GROUP_GAP = 10, BOTTOM = 50;
    /** Reference lines in greys and black, apart from the series' colours. */
    static final Color[] REFERENCE_COLOURS = {new Color(0x888888), Color.BLACK};

    private record Row(String label, double[] values) {
    }

    private record Reference(String name, double at) {
    }

    private final String title;
    private final String[] seriesNames;
    private final List<Row> rows = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    public BarChart(String title, String... seriesNames) {
        this.title = title;
        this.seriesNames = seriesNames.clone();
    }

    /** A row: one share per series; NaN draws no bar. */
    public BarChart add(String label, double... values) {
        if (values.length != seriesNames.length) {
            throw new IllegalArgumentException(label + ": " + values.length + " values for " + seriesNames.length
                    + " series");
        }
        rows.add(new Row(label, values.clone()));
        return this;
    }

    /** A dashed vertical line across all rows at this share. */
    public BarChart reference(String name, double at) {
        references.add(new Reference(name, at));
        return this;
    }

    static int height(int rowCount, int seriesCount) {
        return TOP + rowCount * (seriesCount * BAR + GROUP_GAP) + BOTTOM;
    }

    /** The x pixel of a share. */
    static int x(double share) {
        double clamped = Math.max(0, Math.min(1, share));
        return PLOT_LEFT + (int) Math.round(clamped * (PLOT_RIGHT - PLOT_LEFT));
    }

    /** The top pixel of a row's bar for a series. */
    static int barTop(int row, int series, int seriesCount) {
        return TOP + row * (seriesCount * BAR + GROUP_GAP) + series * BAR;
    }

    public void write(Path png) throws IOException {
        int n = seriesNames.length;
        int h = height(rows.size(), n);
        BufferedImage img = new BufferedImage(WIDTH, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartCanvas.open(img, false);
        g.drawString(title, 10, 18);
        int plotBottom = h - BOTTOM;
        for (int k = 0; k <= 4; k++) {
            int x = x(k / 4.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, plotBottom);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%d%%", k * 25), x - 10, plotBottom + 14);
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            g.setColor(Color.BLACK);
            int labelY = barTop(r, 0, n) + n * BAR / 2 + 4;
            g.drawString(row.label(), 10, labelY);
            for (int s = 0; s < n; s++) {
                double v = row.values()[s];
                if (Double.isNaN(v)) {
                    continue;
                }
                int top = barTop(r, s, n);
                g.setColor(LinePlot.COLOURS[s % LinePlot.COLOURS.length]);
                g.fillRect(PLOT_LEFT, top + 1, x(v) - PLOT_LEFT, BAR - 2);
                g.setColor(Color.BLACK);
                String label = String.format(Locale.ROOT, "%.1f%%", 100 * v);
                int lx = x(v) + 4;
                if (lx + g.getFontMetrics().stringWidth(label) > WIDTH - 2) {
                    lx = x(v) - 4 - g.getFontMetrics().stringWidth(label);
                }
                g.drawString(label, lx, top + BAR - 2);
            }
        }
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        int legendX = 10;
        int legendY = h - 12;
        for (int i = 0; i < references.size(); i++) {
            Reference ref = references.get(i);
            g.setColor(REFERENCE_COLOURS[i % REFERENCE_COLOURS.length]);
            g.drawLine(x(ref.at()), TOP - 4, x(ref.at()), plotBottom);
        }
        BasicStroke dashed = (BasicStroke) g.getStroke();
        g.setStroke(new BasicStroke(1f));
        for (int s = 0; s < n; s++) {
            g.setColor(LinePlot.COLOURS[s % LinePlot.COLOURS.length]);
            g.fillRect(legendX, legendY - 9, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(seriesNames[s], legendX + 14, legendY);
            legendX += 28 + g.getFontMetrics().stringWidth(seriesNames[s]);
        }
        for (int i = 0; i < references.size(); i++) {
            Reference ref = references.get(i);
            g.setColor(REFERENCE_COLOURS[i % REFERENCE_COLOURS.length]);
            g.setStroke(dashed);
            g.drawLine(legendX, legendY - 4, legendX + 16, legendY - 4);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            String label = String.format(Locale.ROOT, "%s (%.0f%%)", ref.name(), 100 * ref.at());
            g.drawString(label, legendX + 20, legendY);
            legendX += 34 + g.getFontMetrics().stringWidth(label);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
