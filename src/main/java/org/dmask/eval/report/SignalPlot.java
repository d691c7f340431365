package org.dmask.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dmask.face.ClipAnalysis;

/** The eye signals over time as a stack of line charts (PNG): what a clinician looks at first. */
public final class SignalPlot {

    static final Color RIGHT = new Color(0x1f, 0x77, 0xb4);
    static final Color LEFT = new Color(0xd6, 0x27, 0x28);
    static final Color THIRD = new Color(0x2c, 0xa0, 0x2c);
    private static final int WIDTH = 1400, PANEL = 190, TOP = 60, LEFT_MARGIN = 90, RIGHT_MARGIN = 200;

    private record Series(String column, String label, Color color, boolean dashed) {
    }

    private record Panel(String title, String unit, Series... series) {
    }

    private SignalPlot() {
    }

    public static void write(ClipAnalysis clip, String title, Path file) throws IOException {
        Panel[] panels = {
            new Panel("Horizontal gaze (+ = toward image right)", "deg",
                    new Series("r_gaze_h_deg", "right eye", RIGHT, false), new Series("l_gaze_h_deg", "left eye", LEFT, false)),
            new Panel("Vertical gaze (+ = up)", "deg",
                    new Series("r_gaze_v_deg", "right eye", RIGHT, false), new Series("l_gaze_v_deg", "left eye", LEFT, false)),
            new Panel("Lid margins from iris centre (MRD1 solid, MRD2 dashed), fraction of eye width", "",
                    new Series("r_mrd1", "right MRD1", RIGHT, false), new Series("l_mrd1", "left MRD1", LEFT, false),
                    new Series("r_mrd2", "right MRD2", RIGHT, true), new Series("l_mrd2", "left MRD2", LEFT, true)),
            new Panel("Palpebral fissure height (blinks shaded)", "mm",
                    new Series("r_fissure_h_mm", "right eye", RIGHT, false), new Series("l_fissure_h_mm", "left eye", LEFT, false)),
            new Panel("Head pose", "deg",
                    new Series("yaw_deg", "yaw", RIGHT, false), new Series("pitch_deg", "pitch", LEFT, false),
                    new Series("roll_deg", "roll", THIRD, false)),
        };
        int height = TOP + panels.length * PANEL + 50;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        ClipAnalysis.Summary s = clip.summary();
        g.drawString(title, LEFT_MARGIN, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(String.format(Locale.ROOT,
                "%d frames, %.1f s, tracked %.1f%%  |  blinks R %d L %d  |  nystagmus R %.1f Hz %.2f deg, L %.1f Hz %.2f deg"
                        + "  |  deviation R-L %.1f deg", s.frames(), s.durationS(), 100 * s.trackedFraction(),
                s.blinksRight(), s.blinksLeft(), s.nystagmusRight().frequencyHz(), s.nystagmusRight().amplitude(),
                s.nystagmusLeft().frequencyHz(), s.nystagmusLeft().amplitude(), s.deviationHDeg()),
                LEFT_MARGIN, 46);
        double[] time = SignalTable.column(clip, "time_s");
        double[] blinkR = SignalTable.column(clip, "r_blink");
        double[] blinkL = SignalTable.column(clip, "l_blink");
        for (int p = 0; p < panels.length; p++) {
            boolean shade = p == 3;
            drawPanel(g, clip, panels[p], time, TOP + p * PANEL, shade ? blinkR : null, shade ? blinkL : null,
                    p == panels.length - 1);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void drawPanel(Graphics2D g, ClipAnalysis clip, Panel panel, double[] time, int top,
            double[] blinkR, double[] blinkL, boolean last) {
        int x0 = LEFT_MARGIN, x1 = WIDTH - RIGHT_MARGIN, y0 = top + 22, y1 = top + PANEL - 22;
        double[][] data = new double[panel.series().length][];
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int k = 0; k < data.length; k++) {
            data[k] = SignalTable.column(clip, panel.series()[k].column());
            for (double v : data[k]) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = -1;
            hi = 1;
        }
        double pad = Math.max(1e-3, (hi - lo) * 0.08);
        lo -= pad;
        hi += pad;
        double t0 = time.length == 0 ? 0 : time[0];
        double t1 = time.length < 2 ? t0 + 1 : time[time.length - 1];
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), x0, top + 15);
        g.setColor(new Color(0xf4, 0xf4, 0xf4));
        g.fillRect(x0, y0, x1 - x0, y1 - y0);
        if (blinkR != null) {
            g.setColor(new Color(255, 200, 120, 140));
            for (int i = 0; i < time.length; i++) {
                if (blinkR[i] == 1 || blinkL[i] == 1) {
                    int a = px(time[i] - 0.5 / clip.fps(), t0, t1, x0, x1);
                    int b = px(time[i] + 0.5 / clip.fps(), t0, t1, x0, x1);
                    g.fillRect(a, y0, Math.max(1, b - a), y1 - y0);
                }
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            int y = py(v, lo, hi, y0, y1);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(x0, y, x1, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), x0 - 50, y + 4);
        }
        g.drawString(panel.unit(), 8, (y0 + y1) / 2);
        double tick = niceStep((t1 - t0) / 10);
        for (double t = Math.ceil(t0 / tick) * tick; t <= t1 + 1e-9; t += tick) {
            int x = px(t, t0, t1, x0, x1);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(x, y0, x, y1);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f", t), x - 8, y1 + 14);
        }
        if (last) {
            g.drawString("time (s)", (x0 + x1) / 2, y1 + 30);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x0, y0, x1 - x0, y1 - y0);
        for (int k = 0; k < data.length; k++) {
            Series s = panel.series()[k];
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(1.6f));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < time.length; i++) {
                double v = data[k][i];
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                double x = px(time[i], t0, t1, x0, x1), y = py(v, lo, hi, y0, y1);
                if (pen) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    pen = true;
                }
            }
            g.draw(path);
            g.setStroke(new BasicStroke(2f));
            int ly = y0 + 14 + k * 18;
            g.drawLine(x1 + 12, ly - 4, x1 + 36, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), x1 + 42, ly);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static int px(double t, double t0, double t1, int x0, int x1) {
        return (int) Math.round(x0 + (t - t0) / Math.max(1e-9, t1 - t0) * (x1 - x0));
    }

    private static int py(double v, double lo, double hi, int y0, int y1) {
        return (int) Math.round(y1 - (v - lo) / (hi - lo) * (y1 - y0));
    }
}
