package org.dmask.eval.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The report charts' common start: a white RGB image, a 12-point sans-serif font, black ink (headless java.awt). */
final class ChartCanvas {

    private ChartCanvas() {
    }

    /**
     * @param smoothShapes anti-alias lines and shapes as well as text (curves); off keeps filled bars' edges exact
     */
    static Graphics2D open(BufferedImage img, boolean smoothShapes) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(smoothShapes ? RenderingHints.KEY_ANTIALIASING : RenderingHints.KEY_TEXT_ANTIALIASING,
                smoothShapes ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        return g;
    }
}
