package org.dmask.face;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/** Test support: image resampling with java.awt (bicubic). */
final class Images {

    private Images() {
    }

    static BgrImage scale(BgrImage src, double k) {
        int w = (int) Math.round(src.width() * k), h = (int) Math.round(src.height() * k);
        return warp(src, w, h, AffineTransform.getScaleInstance(k, k));
    }

    static BgrImage crop(BgrImage src, int x, int y, int w, int h) {
        return warp(src, w, h, AffineTransform.getTranslateInstance(-x, -y));
    }

    /** Draws src through the transform (source pixels to output pixels) onto a w x h grey canvas. */
    static BgrImage warp(BgrImage src, int w, int h, AffineTransform t) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setColor(new java.awt.Color(96, 96, 96));
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src.toBufferedImage(), t, null);
        g.dispose();
        return BgrImage.of(out);
    }
}
