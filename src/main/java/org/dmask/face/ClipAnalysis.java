package org.dmask.face;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The second pass over a clip's frames: the subject's neutral shape and each frame's expression residual, blinks,
 * and the per-clip signals (blink rate, nystagmus per eye, deviation between the eyes, head-pose track).
 */
public final class ClipAnalysis {

    /**
     * An eye is closed (blinking) when its fissure height falls below this fraction of its open height: the
     * {@value #OPEN_PERCENTILE} percentile over the clip. Not the median: a lid that droops over the clip (ptosis
     * progressing with fatigue) lowers the median, and blinks measured against it were missed.
     */
    static final double BLINK_FRACTION = 0.5;
    /**
     * A blink must also reach below this fraction of the open height somewhere: a lid that only dips to the
     * threshold (the tracker reads a lid a little low for a while after a blink, or a lid droops) is not a blink,
     * while a real blink closes the fissure to 0.2-0.35 of open (hysteresis, as a Schmitt trigger).
     */
    public static final double CLOSED_FRACTION = 0.4;
    public static final double OPEN_PERCENTILE = 90;
    /** Nystagmus is searched above this frequency (slower drifts are gaze shifts, not nystagmus). */
    static final double NYSTAGMUS_MIN_HZ = 1.0;

    public record HeadPoseSummary(double yawMedian, double yawRange, double pitchMedian, double pitchRange,
            double rollMedian, double rollRange) {
    }

    public record Summary(int frames, double durationS, double trackedFraction, int blinksRight, int blinksLeft,
            double blinkRatePerMinRight, double blinkRatePerMinLeft, Periodogram.Peak nystagmusRight,
            Periodogram.Peak nystagmusLeft, double deviationHDeg, double deviationVDeg, double deviationSpreadDeg,
            HeadPoseSummary headPose) {
    }

    private final List<FrameAnalysis> frames;
    private final double fps;
    private final double[] neutral;
    private final double[] expression;
    private final boolean[] blinkRight;
    private final boolean[] blinkLeft;
    private final Summary summary;

    public ClipAnalysis(List<FrameAnalysis> frames, double fps) {
        this.frames = List.copyOf(frames);
        this.fps = fps;
        List<double[]> canonical = new ArrayList<>();
        for (FrameAnalysis f : frames) {
            if (f.tracked()) {
                canonical.add(f.canonical());
            }
        }
        neutral = canonical.isEmpty() ? null : NeutralShape.median(canonical);
        expression = new double[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            FrameAnalysis f = frames.get(i);
            expression[i] = f.tracked() ? rms(NeutralShape.residual(f.canonical(), neutral)) : Double.NaN;
        }
        blinkRight = blinks(s -> frames.get((int) s).right().fissureHeight());
        blinkLeft = blinks(s -> frames.get((int) s).left().fissureHeight());
        summary = summarise();
    }

    public List<FrameAnalysis> frames() {
        return frames;
    }

    public double fps() {
        return fps;
    }

    /** Neutral shape in canonical space (cm), 468 x 3; null when no frame was tracked. */
    public double[] neutralShape() {
        return neutral;
    }

    /** RMS distance of the frame's canonical points from the neutral shape, cm (NaN when not tracked). */
    public double expressionRms(int frame) {
        return expression[frame];
    }

    public boolean blinkRight(int frame) {
        return blinkRight[frame];
    }

    public boolean blinkLeft(int frame) {
        return blinkLeft[frame];
    }

    public Summary summary() {
        return summary;
    }

    static double rms(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s / (v.length / 3.0));
    }

    private boolean[] blinks(ToDoubleFunction<Integer> height) {
        double[] h = new double[frames.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = height.applyAsDouble(i);
        }
        return blinks(h);
    }

    /** Per frame, whether the eye is closed, from its fissure heights (NaN: not measured). */
    static boolean[] blinks(double[] h) {
        int n = h.length;
        List<Double> measured = new ArrayList<>();
        for (double v : h) {
            if (!Double.isNaN(v)) {
                measured.add(v);
            }
        }
        boolean[] out = new boolean[n];
        if (measured.isEmpty()) {
            return out;
        }
        double open = percentile(measured.stream().mapToDouble(Double::doubleValue).toArray(), OPEN_PERCENTILE);
        for (int i = 0; i < n; i++) {
            out[i] = !Double.isNaN(h[i]) && h[i] < BLINK_FRACTION * open;
        }
        for (int start = 0; start < n; start++) {
            if (!out[start]) {
                continue;
            }
            int end = start;
            double deepest = h[start];
            while (end + 1 < n && out[end + 1]) {
                deepest = Math.min(deepest, h[++end]);
            }
            if (!(deepest < CLOSED_FRACTION * open)) {
                Arrays.fill(out, start, end + 1, false);
            }
            start = end;
        }
        return out;
    }

    private static int events(boolean[] b) {
        int count = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] && (i == 0 || !b[i - 1])) {
                count++;
            }
        }
        return count;
    }

    private Summary summarise() {
        int n = frames.size();
        double duration = n / fps;
        int tracked = (int) frames.stream().filter(FrameAnalysis::tracked).count();
        int br = events(blinkRight), bl = events(blinkLeft);
        double[] gr = series(f -> f.right().gazeH(), blinkRight);
        double[] gl = series(f -> f.left().gazeH(), blinkLeft);
        Periodogram.Peak nr = gr == null ? Periodogram.Peak.NONE : Periodogram.dominant(gr, fps, NYSTAGMUS_MIN_HZ);
        Periodogram.Peak nl = gl == null ? Periodogram.Peak.NONE : Periodogram.dominant(gl, fps, NYSTAGMUS_MIN_HZ);
        double[] devH = both(f -> f.right().gazeH() - f.left().gazeH());
        double[] devV = both(f -> f.right().gazeV() - f.left().gazeV());
        double mh = median(devH);
        double[] absDev = Arrays.stream(devH).map(v -> Math.abs(v - mh)).toArray();
        double[] yaw = poses(HeadPose::yawDeg), pitch = poses(HeadPose::pitchDeg), roll = poses(HeadPose::rollDeg);
        HeadPoseSummary hp = new HeadPoseSummary(median(yaw), range(yaw), median(pitch), range(pitch), median(roll),
                range(roll));
        return new Summary(n, duration, n == 0 ? 0 : (double) tracked / n, br, bl, br / duration * 60,
                bl / duration * 60, nr, nl, mh, median(devV), 1.4826 * median(absDev), hp);
    }

    private double[] poses(ToDoubleFunction<HeadPose> angle) {
        return frames.stream().filter(FrameAnalysis::tracked).mapToDouble(f -> angle.applyAsDouble(f.pose())).toArray();
    }

    private double[] both(ToDoubleFunction<FrameAnalysis> value) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            FrameAnalysis f = frames.get(i);
            if (f.tracked() && !blinkRight[i] && !blinkLeft[i]) {
                out.add(value.applyAsDouble(f));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A value per frame, with untracked and blink frames filled by linear interpolation; null if none measured. */
    private double[] series(ToDoubleFunction<FrameAnalysis> value, boolean[] skip) {
        int n = frames.size();
        double[] v = new double[n];
        int known = 0;
        for (int i = 0; i < n; i++) {
            FrameAnalysis f = frames.get(i);
            v[i] = f.tracked() && !skip[i] ? value.applyAsDouble(f) : Double.NaN;
            known += Double.isNaN(v[i]) ? 0 : 1;
        }
        if (known < 2) {
            return null;
        }
        return fillGaps(v);
    }

    static double[] fillGaps(double[] v) {
        int n = v.length;
        double[] out = v.clone();
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            if (prev < 0) {
                Arrays.fill(out, 0, i, v[i]);
            } else {
                for (int k = prev + 1; k < i; k++) {
                    out[k] = v[prev] + (v[i] - v[prev]) * (k - prev) / (i - prev);
                }
            }
            prev = i;
        }
        if (prev >= 0) {
            Arrays.fill(out, prev + 1, n, v[prev]);
        }
        return out;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** Nearest-rank percentile (p in 0..100); NaN for no values. */
    public static double percentile(double[] v, double p) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static double range(double[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).max().getAsDouble() - Arrays.stream(v).min().getAsDouble();
    }
}
