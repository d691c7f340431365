package org.dmask.mask.eye;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.Pose;
import org.dmask.mask.gl.AvatarRenderer;
import org.dmask.mask.gl.RenderedFrame;
import org.dmask.mask.pipeline.AvatarMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmask.face.EyeSignals;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FrameAnalysis;

/**
 * Measures {@link EyeResponse}: sweeps each of the generic eye's parameters alone (everything else at rest),
 * recording what each sweep does to the other readings, then the head's turn; renders the avatar at the full-mode size,
 * analyses every frame as any video is analysed, and keeps the monotone part of what was read (the gaze curves
 * smoothed first, {@link #smoothed}; the horizontal ones across head turns too, {@link #smoothedAcross}). Each point
 * is the mean over a few sub-pixel placements, so the table follows the eye and not the pixel grid.
 */
public final class EyeResponseCalibration {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** Sub-pixel placements of the face per point. */
    private static final float[] JITTER = {0f, 0.33f, 0.67f};
    private static final EyeMotion REST = EyeMotion.OPEN_AHEAD;
    /** Turns over which the cross-readings are fitted: sideways, up and down. */
    static final float YAW_FIT_DEGREES = 35;
    static final float PITCH_FIT_DEGREES = 25;
    /** The step of the eye's sideways and vertical sweeps, degrees of turn. */
    static final float GAZE_STEP_DEGREES = 2.5f;

    private final AvatarRenderer renderer;
    private final Supplier<FaceAnalyzer> analyzers;
    private final float scale;

    /** @param analyzers fresh analyzers, without smoothing (each point is a still) */
    public EyeResponseCalibration(AvatarRenderer renderer, AvatarMesh mesh, Supplier<FaceAnalyzer> analyzers) {
        this.renderer = renderer;
        this.analyzers = analyzers;
        this.scale = AvatarMapper.FACE_HEIGHT_SHARE * HEIGHT / AvatarMapper.meshHeight(mesh);
    }

    public EyeResponse measure() {
        float[][] head = headCoupling();
        EyeResponse.Curve[][] curves = new EyeResponse.Curve[2][EyeResponse.SIGNALS.length];
        EyeResponse.Table[][] byYaw = new EyeResponse.Table[2][], byPitch = new EyeResponse.Table[2][];
        // Vertical gaze and the lids: both eyes together (they barely couple).
        for (int s = 1; s < EyeResponse.SIGNALS.length; s++) {
            float[] params = sweep(s);
            double[][][] reads = new double[params.length][][];
            for (int i = 0; i < params.length; i++) {
                EyeMotion m = eye(s, params[i]);
                reads[i] = read(m, m, frontal());
            }
            for (int e = 0; e < 2; e++) {
                curves[e][s] = monotone(params, reads, e, s, name(e) + "." + EyeResponse.SIGNALS[s]);
                if (s == 1) {
                    byPitch[e] = shifts(params, reads, e, 1, PITCH_FIT_DEGREES);
                }
            }
        }
        // Horizontal gaze: one eye at a time, the other at rest (a deviated eye turns alone). The first sweep, lids
        // at rest, gives how the lid readings move with the turn; the curves come from sweeps with the lids where the
        // mask puts them for a turned eye (re-placed to read as at rest), since those lids move the horizontal
        // reading, once per head turn of EyeResponse.HEAD_TURNS: how a turned eye reads depends on the head's turn.
        float[] turns = sweep(0);
        EyeResponse.Curve[][] byHead = new EyeResponse.Curve[2][EyeResponse.HEAD_TURNS.length];
        for (int e = 0; e < 2; e++) {
            byYaw[e] = shifts(turns, sweepTurn(e, turns, t -> eye(0, t), frontal()), e, 0, YAW_FIT_DEGREES);
            EyeResponse.Curve upper = curves[e][2], lower = curves[e][3];
            EyeResponse.Table[] lidShift = byYaw[e];
            float upperRest = upper.measured(REST.upperLid()), lowerRest = lower.measured(REST.lowerLid());
            float[] heads = EyeResponse.HEAD_TURNS;
            double[][] grid = new double[heads.length][];
            for (int k = 0; k < heads.length; k++) {
                Pose pose = Pose.fromAngles(scale, heads[k], 0, 0, WIDTH / 2f, HEIGHT / 2f);
                double[][][] reads = sweepTurn(e, turns, t -> new EyeMotion(t, 0,
                        upper.param(upperRest - lidShift[2].at(t)), lower.param(lowerRest - lidShift[3].at(t))), pose);
                grid[k] = new double[turns.length];
                for (int i = 0; i < turns.length; i++) {
                    grid[k][i] = reads[i][e][0];
                }
            }
            double[][] smooth = smoothedAcross(heads, grid, HEAD_BANDWIDTH_DEGREES);
            for (int k = 0; k < heads.length; k++) {
                List<float[]> points = new ArrayList<>();
                for (int i = 0; i < turns.length; i++) {
                    if (!Double.isNaN(smooth[k][i])) {
                        points.add(new float[] {turns[i], (float) smooth[k][i]});
                    }
                }
                byHead[e][k] = monotone(smoothed(points, GAZE_BANDWIDTH_DEGREES), name(e) + ".gazeH.head" + k);
                if (heads[k] == 0) {
                    curves[e][0] = byHead[e][k];
                }
            }
        }
        EyeResponse.Eye[] eyes = new EyeResponse.Eye[2];
        for (int e = 0; e < 2; e++) {
            eyes[e] = new EyeResponse.Eye(curves[e], byYaw[e], byPitch[e], head[0][e], head[1][e], byHead[e]);
        }
        return new EyeResponse(eyes[0], eyes[1]);
    }

    /** Reads of both eyes as eye {@code e} turns through {@code turns}, posed by {@code eyeAt}; the other at rest. */
    private double[][][] sweepTurn(int e, float[] turns, Function<Float, EyeMotion> eyeAt, Pose pose) {
        double[][][] reads = new double[turns.length][][];
        for (int i = 0; i < turns.length; i++) {
            EyeMotion m = eyeAt.apply(turns[i]);
            reads[i] = e == 0 ? read(m, REST, pose) : read(REST, m, pose);
        }
        return reads;
    }

    /**
     * Per signal, how a sweep of one parameter shifts the eye's other readings from their value at rest; the
     * swept signal's own table is zero (its curve covers it).
     */
    private static EyeResponse.Table[] shifts(float[] params, double[][][] reads, int eye, int swept, float fit) {
        EyeResponse.Table[] out = new EyeResponse.Table[EyeResponse.SIGNALS.length];
        for (int s = 0; s < out.length; s++) {
            List<float[]> points = new ArrayList<>();
            for (int i = 0; i < params.length; i++) {
                if (!Double.isNaN(reads[i][eye][s])) {
                    points.add(new float[] {params[i], (float) reads[i][eye][s]});
                }
            }
            float[] shift = s == swept || points.size() < 3 ? new float[params.length]
                    : smoothShift(points, params, fit);
            out[s] = new EyeResponse.Table(params, shift);
        }
        return out;
    }

    private static EyeResponse.Curve monotone(float[] params, double[][][] reads, int eye, int signal, String name) {
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            if (!Double.isNaN(reads[i][eye][signal])) {
                points.add(new float[] {params[i], (float) reads[i][eye][signal]});
            }
        }
        boolean gaze = signal < 2; // gazeH, gazeV; the lids' curves have a closed end and a flat top to keep
        return monotone(gaze ? smoothed(points, GAZE_BANDWIDTH_DEGREES) : points, name);
    }

    /** The kernel width over which the horizontal curves are smoothed across head turns, degrees of head turn. */
    static final double HEAD_BANDWIDTH_DEGREES = 10;

    /**
     * Each column (one eye turn) of a grid measured at these head turns replaced, level by level, by a local linear
     * fit across the head turns ({@link #smoothed}'s kernel); NaN readings are left out.
     */
    static double[][] smoothedAcross(float[] heads, double[][] grid, double bandwidth) {
        double[][] out = new double[heads.length][grid[0].length];
        for (int i = 0; i < grid[0].length; i++) {
            List<float[]> column = new ArrayList<>();
            for (int k = 0; k < heads.length; k++) {
                if (!Double.isNaN(grid[k][i])) {
                    column.add(new float[] {heads[k], (float) grid[k][i]});
                }
            }
            for (double[] level : out) {
                level[i] = Double.NaN;
            }
            if (column.isEmpty()) {
                continue;
            }
            List<float[]> fitted = smoothed(column, bandwidth);
            for (int k = 0, j = 0; k < heads.length; k++) {
                if (!Double.isNaN(grid[k][i])) {
                    out[k][i] = fitted.get(j++)[1];
                }
            }
        }
        return out;
    }

    /**
     * The kernel width over which the gaze curves are smoothed, degrees of the eye's turn: one sweep step. The
     * turned eye's curve bends over about 15° of turn, and a 5° kernel flattened that bend, so the mask drew the
     * turned eye up to 2.4° of reading off even where the table was measured (conformance/mask-evaluation.md).
     */
    static final double GAZE_BANDWIDTH_DEGREES = GAZE_STEP_DEGREES;

    /**
     * Each reading replaced by a local linear fit through its neighbours (Gaussian weights of this width): one still
     * reads the turned eye to about a degree, so point by point the curve's local slope, which the mask inverts,
     * varies several-fold from one level to the next.
     */
    static List<float[]> smoothed(List<float[]> points, double bandwidth) {
        List<float[]> out = new ArrayList<>(points.size());
        for (float[] at : points) {
            double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (float[] p : points) {
                double dx = p[0] - at[0];
                double w = Math.exp(-dx * dx / (2 * bandwidth * bandwidth));
                sw += w;
                sx += w * dx;
                sy += w * p[1];
                sxx += w * dx * dx;
                sxy += w * dx * p[1];
            }
            double det = sw * sxx - sx * sx;
            double y = det > 1e-12 ? (sy * sxx - sx * sxy) / det : sy / sw;
            out.add(new float[] {at[0], (float) y});
        }
        return out;
    }

    /**
     * A reading's shift with a parameter, as a quadratic through zero at rest (least squares over the parameter
     * up to ±fit, held beyond), evaluated at {@code at}: single readings are too noisy to use point by point.
     */
    static float[] smoothShift(List<float[]> points, float[] at, float fit) {
        float[] xs = new float[points.size()], ys = new float[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        double rest = EyeResponse.interpolate(xs, ys, 0f);
        double s11 = 0, s12 = 0, s22 = 0, b1 = 0, b2 = 0;
        for (int i = 0; i < xs.length; i++) {
            if (Math.abs(xs[i]) <= fit) {
                double x1 = xs[i], x2 = xs[i] * xs[i], y = ys[i] - rest;
                s11 += x1 * x1;
                s12 += x1 * x2;
                s22 += x2 * x2;
                b1 += x1 * y;
                b2 += x2 * y;
            }
        }
        double det = s11 * s22 - s12 * s12;
        double a = det == 0 ? 0 : (b1 * s22 - b2 * s12) / det;
        double b = det == 0 ? 0 : (s11 * b2 - s12 * b1) / det;
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) {
            double x = Math.max(-fit, Math.min(fit, at[i]));
            out[i] = (float) (a * x + b * x * x);
        }
        return out;
    }

    private static String name(int eye) {
        return eye == 0 ? "right" : "left";
    }

    private Pose frontal() {
        return Pose.frontal(scale, WIDTH / 2f, HEIGHT / 2f);
    }

    /** The avatar parameter values swept for a signal. */
    static float[] sweep(int signal) {
        return switch (signal) {
            case 0 -> range(-45f, 45f, GAZE_STEP_DEGREES);   // yaw
            case 1 -> range(-25f, 25f, GAZE_STEP_DEGREES);   // pitch
            case 2 -> range(-REST.lowerLid(), 1.5f, 0.075f); // upper margin, iris radii (the lowest closes the eye)
            default -> range(0.1f, 1.6f, 0.1f);  // lower margin, iris radii
        };
    }

    private static float[] range(float from, float to, float step) {
        int n = Math.round((to - from) / step) + 1;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i * step;
        }
        return v;
    }

    private static EyeMotion eye(int signal, float p) {
        return switch (signal) {
            case 0 -> new EyeMotion(p, 0, REST.upperLid(), REST.lowerLid());
            case 1 -> new EyeMotion(0, p, REST.upperLid(), REST.lowerLid());
            case 2 -> new EyeMotion(0, 0, p, REST.lowerLid());
            default -> new EyeMotion(0, 0, REST.upperLid(), p);
        };
    }

    /**
     * With the eyes at rest, turns the head (yaw, then pitch) and fits how the gaze reading moves with the
     * rotation's depth component: {headH, headV}, each {right, left}.
     */
    private float[][] headCoupling() {
        float[][] out = new float[2][2];
        for (int axis = 0; axis < 2; axis++) {
            double[][] sums = new double[2][5];
            for (float angle : range(-15f, 15f, 2.5f)) {
                Pose pose = axis == 0 ? Pose.fromAngles(scale, angle, 0, 0, WIDTH / 2f, HEIGHT / 2f)
                        : Pose.fromAngles(scale, 0, angle, 0, WIDTH / 2f, HEIGHT / 2f);
                double x = pose.rotation()[axis == 0 ? 2 : 5];
                double[][] read = read(REST, REST, pose);
                for (int e = 0; e < 2; e++) {
                    double y = read[e][axis];
                    if (!Double.isNaN(y)) {
                        double[] a = sums[e];
                        a[0]++;
                        a[1] += x;
                        a[2] += y;
                        a[3] += x * x;
                        a[4] += x * y;
                    }
                }
            }
            for (int e = 0; e < 2; e++) {
                double[] a = sums[e];
                double denominator = a[0] * a[3] - a[1] * a[1];
                out[axis][e] = denominator > 0 ? (float) ((a[0] * a[4] - a[1] * a[2]) / denominator) : 0f;
            }
        }
        return out;
    }

    /**
     * Mean reading of both eyes ({right, left} × {gazeH, gazeV, mrd1, mrd2}) over the sub-pixel placements; NaN
     * where an eye was never measured.
     */
    private double[][] read(EyeMotion rightEye, EyeMotion leftEye, Pose at) {
        double[][] sum = new double[2][4];
        int[] count = new int[2];
        for (float jitter : JITTER) {
            Pose pose = new Pose(at.scale(), at.rotation(), at.translateX() + jitter, at.translateY() + jitter);
            RenderedFrame f = renderer.render(AvatarFrame.of(WIDTH, HEIGHT, pose, rightEye, leftEye));
            var image = f.toBgrImage();
            FaceAnalyzer analyzer = analyzers.get();
            analyzer.analyze(image, 0); // the first frame finds the face; the second is tracked as in a video
            FrameAnalysis a = analyzer.analyze(image, 1 / 30.0);
            if (!a.tracked()) {
                continue;
            }
            EyeSignals[] eyes = {a.right(), a.left()};
            for (int e = 0; e < 2; e++) {
                EyeSignals s = eyes[e];
                if (s.measured()) {
                    sum[e][0] += s.gazeH();
                    sum[e][1] += s.gazeV();
                    sum[e][2] += s.mrd1();
                    sum[e][3] += s.mrd2();
                    count[e]++;
                }
            }
        }
        for (int e = 0; e < 2; e++) {
            for (int s = 0; s < 4; s++) {
                sum[e][s] = count[e] == 0 ? Double.NaN : sum[e][s] / count[e];
            }
        }
        return sum;
    }

    /** Levels closer than this are one level: the table is written to 6 decimals and must still rise strictly. */
    static final double MIN_RISE = 1e-5;

    /**
     * The best non-decreasing fit (pool adjacent violators), then one knot per level so both coordinates rise
     * strictly: inner levels sit at the middle of their parameters, the end levels at their extremes, so a
     * reading at the closed end closes the generic eye fully.
     */
    static EyeResponse.Curve monotone(List<float[]> points, String name) {
        int n = points.size();
        double[] level = new double[n], weight = new double[n], paramSum = new double[n];
        int blocks = 0;
        for (float[] pt : points) {
            level[blocks] = pt[1];
            weight[blocks] = 1;
            paramSum[blocks] = pt[0];
            blocks++;
            while (blocks > 1 && level[blocks - 2] >= level[blocks - 1] - MIN_RISE) {
                double w = weight[blocks - 2] + weight[blocks - 1];
                level[blocks - 2] = (level[blocks - 2] * weight[blocks - 2] + level[blocks - 1] * weight[blocks - 1]) / w;
                weight[blocks - 2] = w;
                paramSum[blocks - 2] += paramSum[blocks - 1];
                blocks--;
            }
        }
        if (blocks < 2) {
            throw new IllegalStateException("the analysis does not follow the avatar's " + name + " at all ("
                    + n + " points measured)");
        }
        float[] param = new float[blocks], measured = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            param[b] = b == 0 ? points.get(0)[0]
                    : b == blocks - 1 ? points.get(n - 1)[0] : (float) (paramSum[b] / weight[b]);
            measured[b] = (float) level[b];
        }
        return new EyeResponse.Curve(param, measured);
    }
}
