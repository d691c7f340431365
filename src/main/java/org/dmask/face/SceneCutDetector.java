package org.dmask.face;

/**
 * Finds scene cuts: the mean absolute difference of two consecutive frames' grey thumbnails ({@value #GRID}×{@value
 * #GRID} block means of the luma, 0–255) above a threshold. A thumbnail is blind to noise and to the small motion of
 * one scene but not to a change of shot, where most of the picture changes at once. A false cut (a flash, a whip
 * pan) only restarts the face track, which is the safe side. One instance per clip, frames in order.
 */
public final class SceneCutDetector {

    static final int GRID = 32;
    /** Default threshold (grey levels); see {@code SceneCutDetectorTest} for the figures it was chosen from. */
    public static final double DEFAULT_THRESHOLD = 18;

    private final double threshold;
    private float[] previous;
    private double lastDifference = Double.NaN;

    public SceneCutDetector(double threshold) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("scene-cut threshold must be > 0: " + threshold);
        }
        this.threshold = threshold;
    }

    /** True when this frame starts a new shot (never for the first frame, which starts the clip anyway). */
    public boolean next(BgrImage frame) {
        float[] thumb = thumbnail(frame);
        boolean cut = false;
        if (previous != null) {
            lastDifference = meanAbsoluteDifference(previous, thumb);
            cut = lastDifference > threshold;
        }
        previous = thumb;
        return cut;
    }

    /** The last frame's difference to the one before, grey levels; NaN after the first frame. */
    public double lastDifference() {
        return lastDifference;
    }

    /** Block means of the luma (BT.601) on a {@value #GRID}×{@value #GRID} grid, every other pixel sampled. */
    static float[] thumbnail(BgrImage frame) {
        int w = frame.width(), h = frame.height();
        byte[] px = frame.bgr();
        double[] sum = new double[GRID * GRID];
        int[] count = new int[GRID * GRID];
        int step = w >= 2 * GRID && h >= 2 * GRID ? 2 : 1;
        for (int y = 0; y < h; y += step) {
            int row = (int) ((long) y * GRID / h) * GRID;
            for (int x = 0; x < w; x += step) {
                int i = (y * w + x) * 3;
                double luma = 0.114 * (px[i] & 0xff) + 0.587 * (px[i + 1] & 0xff) + 0.299 * (px[i + 2] & 0xff);
                int cell = row + (int) ((long) x * GRID / w);
                sum[cell] += luma;
                count[cell]++;
            }
        }
        float[] out = new float[GRID * GRID];
        for (int c = 0; c < out.length; c++) {
            out[c] = count[c] == 0 ? 0 : (float) (sum[c] / count[c]);
        }
        return out;
    }

    static double meanAbsoluteDifference(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }
}
