package org.dmask.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dmask.face.BgrImage;
import org.dmask.face.EyeLandmarks;
import org.dmask.face.FaceLandmarks;
import org.dmask.face.FrameAnalysis;

/**
 * A grid of frames with what was found drawn on them: mesh points, eyelid contours, irises. Each tile is zoomed on
 * the face (small faces are otherwise unreadable) with the whole frame inset in a corner.
 */
public final class ContactSheet {

    public record Tile(BgrImage frame, FrameAnalysis analysis) {
    }

    private static final int TILE = 360, COLS = 4;

    private ContactSheet() {
    }

    public static void write(List<Tile> tiles, String title, Path file) throws IOException {
        int rows = Math.max(1, (tiles.size() + COLS - 1) / COLS);
        BufferedImage sheet = new BufferedImage(COLS * TILE, rows * (TILE + 24) + 34, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 10, 22);
        for (int i = 0; i < tiles.size(); i++) {
            int x = (i % COLS) * TILE, y = 34 + (i / COLS) * (TILE + 24);
            drawTile(g, tiles.get(i), x, y);
        }
        g.dispose();
        ImageIO.write(sheet, "png", file.toFile());
    }

    private static void drawTile(Graphics2D g, Tile tile, int ox, int oy) {
        BufferedImage frame = tile.frame().toBufferedImage();
        FrameAnalysis a = tile.analysis();
        // Zoom on the face: a square 1.6x the eye-to-eye span x 3 around the mesh centre; whole frame if none.
        double cx = frame.getWidth() / 2.0, cy = frame.getHeight() / 2.0;
        double side = Math.max(frame.getWidth(), frame.getHeight());
        if (a.tracked()) {
            FaceLandmarks lm = a.landmarks();
            cx = lm.x(168);
            cy = lm.y(168) + 0.35 * lm.outerEyeCornerDistance();
            side = 2.6 * lm.outerEyeCornerDistance();
        }
        double k = (TILE - 4) / side;
        double sx = ox + 2 - (cx - side / 2) * k, sy = oy + 2 - (cy - side / 2) * k;
        Graphics2D t = (Graphics2D) g.create(ox + 2, oy + 2, TILE - 4, TILE - 4);
        t.translate(-(ox + 2), -(oy + 2));
        t.drawImage(frame, (int) Math.round(sx), (int) Math.round(sy), (int) Math.round(frame.getWidth() * k),
                (int) Math.round(frame.getHeight() * k), null);
        if (a.tracked()) {
            FaceLandmarks lm = a.landmarks();
            t.setColor(new Color(0, 255, 120, 170));
            for (int i = 0; i < FaceLandmarks.MESH; i++) {
                double px = sx + lm.x(i) * k, py = sy + lm.y(i) * k;
                t.fill(new Ellipse2D.Double(px - 1.2, py - 1.2, 2.4, 2.4));
            }
            t.setStroke(new BasicStroke(1.8f));
            drawEye(t, a.rightEye(), sx, sy, k, new Color(80, 170, 255));
            drawEye(t, a.leftEye(), sx, sy, k, new Color(255, 90, 90));
        }
        // The whole frame, small, in the corner, with the zoomed square marked.
        int iw = TILE / 4, ih = (int) Math.round((double) iw * frame.getHeight() / frame.getWidth());
        t.drawImage(frame, ox + TILE - iw - 6, oy + 6, iw, ih, null);
        t.setColor(Color.YELLOW);
        double ik = (double) iw / frame.getWidth();
        t.drawRect((int) (ox + TILE - iw - 6 + (cx - side / 2) * ik), (int) (oy + 6 + (cy - side / 2) * ik),
                (int) (side * ik), (int) (side * ik));
        t.dispose();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String label = String.format(Locale.ROOT, "frame %d  t=%.2f s", a.index(), a.timeS());
        if (a.tracked()) {
            label += String.format(Locale.ROOT, "  yaw %.0f pitch %.0f roll %.0f", a.pose().yawDeg(),
                    a.pose().pitchDeg(), a.pose().rollDeg());
        }
        g.drawString(label, ox + 4, oy + TILE + 16);
        if (!a.tracked()) {
            g.setColor(Color.RED);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
            g.drawString("NO FACE", ox + TILE / 2 - 60, oy + TILE / 2);
        }
    }

    private static void drawEye(Graphics2D t, EyeLandmarks eye, double sx, double sy, double k, Color color) {
        t.setColor(color);
        Path2D.Double lids = new Path2D.Double();
        double[][] upper = eye.upperLid(), lower = eye.lowerLid();
        lids.moveTo(sx + upper[0][0] * k, sy + upper[0][1] * k);
        for (double[] p : upper) {
            lids.lineTo(sx + p[0] * k, sy + p[1] * k);
        }
        for (int i = lower.length - 1; i >= 0; i--) {
            lids.lineTo(sx + lower[i][0] * k, sy + lower[i][1] * k);
        }
        t.draw(lids);
        double r = eye.irisRadius() * k;
        t.setColor(Color.YELLOW);
        t.draw(new Ellipse2D.Double(sx + eye.irisX() * k - r, sy + eye.irisY() * k - r, 2 * r, 2 * r));
        t.fill(new Ellipse2D.Double(sx + eye.irisX() * k - 1.5, sy + eye.irisY() * k - 1.5, 3, 3));
    }

    /** Indices of about {@code count} frames spread evenly over {@code total}. */
    public static List<Integer> pick(int total, int count) {
        List<Integer> out = new ArrayList<>();
        if (total <= 0) {
            return out;
        }
        int n = Math.min(total, count);
        for (int i = 0; i < n; i++) {
            out.add((int) Math.round((i + 0.5) * total / n - 0.5));
        }
        return out;
    }
}
