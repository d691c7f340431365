package org.dmask.mask.pipeline;

import java.util.List;
import org.dmask.face.FaceDetection;

/**
 * {@code face} mode, for every face other than the patient's: a generous head region from the detection (the box
 * grown to take in the hair above, the ears beside and the neck below, turned with the eyes' roll) filled with one
 * neutral colour. Inside the region nothing of the original is left; only over a feather band outside it does the
 * fill blend toward the original, which there is background, never skin.
 */
public final class HeadCover {

    /** Half-width of the head region, in face-box widths (box half-width 0.5, ears and hair reach past it). */
    static final double HALF_WIDTH = 1.0;
    /** Half-height, in face-box heights: from well above the brows (hair) to the collar. */
    static final double HALF_HEIGHT = 1.3;
    /** The region's centre sits this far below the box centre (face-box heights): the neck is longer than the hair. */
    static final double DROP = 0.1;
    /** Ears and eyes must lie within this normalised radius of the region. */
    static final double KEYPOINT_REACH = 0.8;

    private final int featherPixels;
    private final byte[] fillBgr;

    /** @param fillRgb the neutral colour, 8-bit RGB (the avatar's background) */
    public HeadCover(int featherPixels, int[] fillRgb) {
        if (featherPixels < 0) {
            throw new IllegalArgumentException("feather must be ≥ 0: " + featherPixels);
        }
        this.featherPixels = featherPixels;
        this.fillBgr = new byte[] {(byte) fillRgb[2], (byte) fillRgb[1], (byte) fillRgb[0]};
    }

    /**
     * The head region of one detected face; null when its geometry is not finite (then nothing can say where it is,
     * and {@link #cover} obscures the whole frame).
     */
    public static FaceOval region(FaceDetection d) {
        double[] k = d.keypoints();
        // Roll from the eyes: keypoint 0 is the subject's right eye, on the image's left.
        double roll = Math.atan2(k[3] - k[1], k[2] - k[0]);
        double c = Math.cos(roll), s = Math.sin(roll);
        double size = Math.max(d.width(), d.height());
        double cx = d.cx() - s * DROP * size, cy = d.cy() + c * DROP * size;
        double rx = HALF_WIDTH * size, ry = HALF_HEIGHT * size;
        // Grow until the eyes and both ear tragions lie well inside.
        double grow = 1;
        for (int p : new int[] {0, 1, 4, 5}) {
            double dx = k[2 * p] - cx, dy = k[2 * p + 1] - cy;
            double u = (dx * c + dy * s) / rx, v = (-dx * s + dy * c) / ry;
            grow = Math.max(grow, Math.hypot(u, v) / KEYPOINT_REACH);
        }
        rx *= grow;
        ry *= grow;
        if (!Double.isFinite(cx) || !Double.isFinite(cy) || !Double.isFinite(rx) || !Double.isFinite(ry)
                || !Double.isFinite(roll) || !(rx > 0) || !(ry > 0)) {
            return null;
        }
        return new FaceOval((float) cx, (float) cy, (float) rx, (float) ry, (float) Math.toDegrees(roll));
    }

    /**
     * Fills each face's head region in a packed BGR frame (in place). Fails closed: a face whose region cannot be
     * worked out turns the whole frame into the fill.
     *
     * @return the regions drawn
     */
    public int cover(byte[] bgr, int width, int height, List<FaceDetection> faces) {
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException("frame is " + bgr.length + " bytes, not " + width + "x" + height);
        }
        int drawn = 0;
        for (FaceDetection face : faces) {
            FaceOval region = region(face);
            if (region == null) {
                for (int i = 0; i < bgr.length; i += 3) {
                    bgr[i] = fillBgr[0];
                    bgr[i + 1] = fillBgr[1];
                    bgr[i + 2] = fillBgr[2];
                }
                return faces.size();
            }
            fill(bgr, width, height, region);
            drawn++;
        }
        return drawn;
    }

    private void fill(byte[] bgr, int width, int height, FaceOval region) {
        double bandEnd = 1 + (double) featherPixels / region.minRadius();
        int reach = (int) Math.ceil(region.maxRadius() * bandEnd) + 1;
        int x0 = Math.max(0, (int) Math.floor(region.centreX() - reach));
        int x1 = Math.min(width, (int) Math.ceil(region.centreX() + reach));
        int y0 = Math.max(0, (int) Math.floor(region.centreY() - reach));
        int y1 = Math.min(height, (int) Math.ceil(region.centreY() + reach));
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double r = region.normalisedRadius(x + 0.5, y + 0.5);
                if (r >= bandEnd) {
                    continue;
                }
                int i = (y * width + x) * 3;
                // (r − 1)·minRadius under-estimates the distance outside: the band is at least as wide as set.
                double weight = r <= 1 ? 1 : 1 - (r - 1) * region.minRadius() / featherPixels;
                for (int ch = 0; ch < 3; ch++) {
                    double blended = weight * (fillBgr[ch] & 0xff) + (1 - weight) * (bgr[i + ch] & 0xff);
                    bgr[i + ch] = (byte) Math.round(blended);
                }
            }
        }
    }
}
