package org.dmask.eval.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dmask.face.BgrImage;

/** Scaled-down frames for the report; originals are only ever written small. */
final class Thumbnails {

    /** Width of an original frame in the report: small enough not to be a usable face image. */
    static final int ORIGINAL_WIDTH = 96;
    static final int MASKED_WIDTH = 320;

    private Thumbnails() {
    }

    static void write(BgrImage frame, int width, Path png) throws IOException {
        BufferedImage src = frame.toBufferedImage();
        int height = Math.max(1, Math.round((float) frame.height() * width / frame.width()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        ImageIO.write(out, "png", png.toFile());
    }
}
