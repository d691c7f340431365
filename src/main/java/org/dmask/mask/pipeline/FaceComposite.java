package org.dmask.mask.pipeline;

import org.dmask.mask.gl.RenderedFrame;

/**
 * {@code face} mode: puts the rendered avatar over the original frame. Every pixel inside the face oval is the
 * render's (avatar over the neutral background), so no original face pixel survives; the original returns over
 * a feather band just outside the oval and is kept as it was beyond. A frame without a confident track has no
 * trustworthy oval either, so it fails closed to the whole neutral frame.
 */
public final class FaceComposite {

    private final int featherPixels;

    public FaceComposite(int featherPixels) {
        if (featherPixels < 0) {
            throw new IllegalArgumentException("feather must be ≥ 0: " + featherPixels);
        }
        this.featherPixels = featherPixels;
    }

    /**
     * @param rendered the avatar render of this frame
     * @param original the original frame, packed RGB, same size, rows top first
     * @param oval     the face region; null when the face was not found
     * @return packed RGB of the composed frame
     */
    public byte[] compose(RenderedFrame rendered, byte[] original, FaceOval oval) {
        int width = rendered.width();
        int height = rendered.height();
        if (original.length != rendered.rgb().length) {
            throw new IllegalArgumentException("original frame is " + original.length + " bytes, render "
                    + rendered.rgb().length);
        }
        if (rendered.neutral() || oval == null) {
            return rendered.rgb().clone();
        }
        byte[] out = original.clone();
        byte[] avatar = rendered.rgb();
        // (r − 1)·minRadius under-estimates the distance outside, so the band reaches this far in r.
        double bandEnd = 1 + (double) featherPixels / oval.minRadius();
        int reach = (int) Math.ceil(oval.maxRadius() * bandEnd) + 1;
        int x0 = Math.max(0, (int) Math.floor(oval.centreX() - reach));
        int x1 = Math.min(width, (int) Math.ceil(oval.centreX() + reach));
        int y0 = Math.max(0, (int) Math.floor(oval.centreY() - reach));
        int y1 = Math.min(height, (int) Math.ceil(oval.centreY() + reach));
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double r = oval.normalisedRadius(x + 0.5, y + 0.5);
                if (r >= bandEnd) {
                    continue;
                }
                int i = (y * width + x) * 3;
                if (r <= 1) {
                    out[i] = avatar[i];
                    out[i + 1] = avatar[i + 1];
                    out[i + 2] = avatar[i + 2];
                } else {
                    double outside = (r - 1) * oval.minRadius();
                    double weight = 1 - outside / featherPixels;
                    for (int c = 0; c < 3; c++) {
                        double blended = weight * (avatar[i + c] & 0xff) + (1 - weight) * (original[i + c] & 0xff);
                        out[i + c] = (byte) Math.round(blended);
                    }
                }
            }
        }
        return out;
    }
}
