package org.dmask.eval;

import org.dmask.face.BgrImage;

/** Pixel-format conversions between the renderer (RGB) and the face analysis (BGR). */
public final class Images {

    private Images() {
    }

    public static BgrImage fromRgb(int width, int height, byte[] rgb) {
        byte[] bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return new BgrImage(width, height, bgr);
    }
}
