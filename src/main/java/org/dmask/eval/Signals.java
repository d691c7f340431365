package org.dmask.eval;

import java.util.ArrayList;
import java.util.List;

/** Small statistics over per-frame series; NaN marks a frame without a value and is skipped pairwise. */
public final class Signals {

    /** A run of consecutive true frames, [start, end] inclusive. */
    public record Event(int start, int end) {
        double centre() {
            return (start + end) / 2.0;
        }
    }

    /** Event matching: true positives, reference events, measured events, F1. */
    public record EventMatch(int matched, int reference, int measured) {
        public double precision() {
            return measured == 0 ? (reference == 0 ? 1 : 0) : (double) matched / measured;
        }

        public double recall() {
            return reference == 0 ? (measured == 0 ? 1 : 0) : (double) matched / reference;
        }

        /** NaN when neither side has an event: nothing to match, so no score (not a perfect one). */
        public double f1() {
            if (reference == 0 && measured == 0) {
                return Double.NaN;
            }
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** A line y = slope·x + offset. */
    public record Line(double slope, double offset) {
        public static final Line IDENTITY = new Line(1, 0);

        public double apply(double x) {
            return slope * x + offset;
        }

        public double invert(double y) {
            return (y - offset) / slope;
        }
    }

    private Signals() {
    }

    public static double pearson(double[] x, double[] y) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (valid(x[i], y[i])) {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }
        if (n < 3) {
            return Double.NaN;
        }
        double mx = sx / n, my = sy / n, sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (valid(x[i], y[i])) {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    public static double meanAbsoluteError(double[] reference, double[] measured) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < reference.length; i++) {
            if (valid(reference[i], measured[i])) {
                s += Math.abs(reference[i] - measured[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public static int pairs(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (valid(x[i], y[i])) {
                n++;
            }
        }
        return n;
    }

    /** Least-squares line measured = slope·reference + offset. */
    public static Line fit(double[] reference, double[] measured) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < reference.length; i++) {
            if (valid(reference[i], measured[i])) {
                sx += reference[i];
                sy += measured[i];
                sxx += reference[i] * reference[i];
                sxy += reference[i] * measured[i];
                n++;
            }
        }
        double d = n * sxx - sx * sx;
        if (n < 2 || d == 0) {
            throw new IllegalArgumentException("cannot fit a line: " + n + " valid pairs");
        }
        double slope = (n * sxy - sx * sy) / d;
        return new Line(slope, (sy - slope * sx) / n);
    }

    public static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        double[] o = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = Double.isNaN(x[i]) ? Double.NaN : f.applyAsDouble(x[i]);
        }
        return o;
    }

    /** NaN wherever mask is true (e.g. blink frames, where gaze is not defined). */
    public static double[] without(double[] x, boolean[] mask) {
        double[] o = x.clone();
        for (int i = 0; i < o.length; i++) {
            if (mask[i]) {
                o[i] = Double.NaN;
            }
        }
        return o;
    }

    /** The mask widened by {@code frames} on each side. */
    public static boolean[] dilate(boolean[] mask, int frames) {
        boolean[] o = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                for (int k = Math.max(0, i - frames); k <= Math.min(mask.length - 1, i + frames); k++) {
                    o[k] = true;
                }
            }
        }
        return o;
    }

    public static List<Event> events(boolean[] b) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] && (i == 0 || !b[i - 1])) {
                int j = i;
                while (j + 1 < b.length && b[j + 1]) {
                    j++;
                }
                out.add(new Event(i, j));
            }
        }
        return out;
    }

    /**
     * One-to-one matching of measured events to reference events whose centres lie within {@code toleranceFrames}
     * (greedy, closest first in time order).
     */
    public static EventMatch match(List<Event> reference, List<Event> measured, double toleranceFrames) {
        boolean[] used = new boolean[measured.size()];
        int matched = 0;
        for (Event r : reference) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < measured.size(); j++) {
                double d = Math.abs(measured.get(j).centre() - r.centre());
                if (!used[j] && d <= toleranceFrames && d < bestD) {
                    best = j;
                    bestD = d;
                }
            }
            if (best >= 0) {
                used[best] = true;
                matched++;
            }
        }
        return new EventMatch(matched, reference.size(), measured.size());
    }

    /** Gaps (NaN) filled by linear interpolation, ends held; null when nothing is valid. */
    public static double[] interpolated(double[] x) {
        double[] o = x.clone();
        int first = -1;
        for (int i = 0; i < o.length; i++) {
            if (!Double.isNaN(o[i])) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return null;
        }
        for (int i = 0; i < first; i++) {
            o[i] = o[first];
        }
        int last = first;
        for (int i = first + 1; i < o.length; i++) {
            if (!Double.isNaN(o[i])) {
                for (int k = last + 1; k < i; k++) {
                    o[k] = o[last] + (o[i] - o[last]) * (k - last) / (i - last);
                }
                last = i;
            }
        }
        for (int i = last + 1; i < o.length; i++) {
            o[i] = o[last];
        }
        return o;
    }

    private static boolean valid(double a, double b) {
        return !Double.isNaN(a) && !Double.isNaN(b);
    }
}
