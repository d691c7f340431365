package org.dmask.face;

import java.util.Arrays;
import java.util.List;

/**
 * The subject's neutral face in canonical space (cm): per vertex and axis, the median over the clip of the
 * landmarks taken back through each frame's pose. Blinks, speech and smiles are a minority of frames, so the
 * median ignores them. The expression of a frame is its residual from this shape.
 */
public final class NeutralShape {

    private NeutralShape() {
    }

    /** Two-pass use (a file): the median of all frames' canonical points. */
    public static double[] median(List<double[]> canonicalFrames) {
        if (canonicalFrames.isEmpty()) {
            throw new IllegalArgumentException("no tracked frame to estimate the neutral shape from");
        }
        int len = canonicalFrames.get(0).length;
        double[] out = new double[len];
        double[] column = new double[canonicalFrames.size()];
        for (int j = 0; j < len; j++) {
            for (int f = 0; f < column.length; f++) {
                column[f] = canonicalFrames.get(f)[j];
            }
            Arrays.sort(column);
            int m = column.length / 2;
            out[j] = column.length % 2 == 1 ? column[m] : (column[m - 1] + column[m]) / 2;
        }
        return out;
    }

    /** Per-frame expression: canonical points minus the neutral shape. */
    public static double[] residual(double[] canonical, double[] neutral) {
        double[] r = new double[canonical.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = canonical[j] - neutral[j];
        }
        return r;
    }

    /**
     * Live use: a running median per coordinate, moved a fixed step toward each new value (the stochastic median
     * update), so memory stays constant and a brief expression barely moves it.
     */
    public static final class Running {
        private final double step;
        private double[] estimate;

        /** @param stepCm how far one frame may move the estimate, in cm */
        public Running(double stepCm) {
            this.step = stepCm;
        }

        public double[] update(double[] canonical) {
            if (estimate == null) {
                estimate = canonical.clone();
            } else {
                for (int j = 0; j < estimate.length; j++) {
                    estimate[j] += step * Math.signum(canonical[j] - estimate[j]);
                }
            }
            return estimate.clone();
        }
    }
}
