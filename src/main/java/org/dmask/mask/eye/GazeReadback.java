package org.dmask.mask.eye;

import org.dmask.mask.MaskProgress;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.gl.RenderedFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dmask.face.FaceAnalyzer;
import org.dmask.face.FrameAnalysis;

/**
 * Closes the loop on the horizontal gaze: the mask reads its own drawing back before it draws the clip.
 *
 * <p>{@link EyeResponse}'s curves are measured one thing at a time (the eye's turn at seven head turns, the lids
 * placed as the mask draws them). On a turned eye whose head also yaws, which looks a little down or whose lid
 * droops, the reading of the drawn eye drifts from what was meant, as a gain and an offset that change slowly over
 * the clip (conformance/mask-evaluation.md). So every {@value #EVERY}rd frame is drawn as it will be and analysed
 * as any video is; around each frame a line of reading against what was meant is fitted over a Gaussian window of
 * {@value #WINDOW_FRAMES} frames; and each frame's horizontal gaze is moved by what brings that line's reading back
 * to what was meant. Because the line is fitted over about half a second, the correction follows the chain's slow
 * drift, not the eye model's jitter from one frame to the next (a generic eye chasing that jitter would be drawn
 * with movements the patient never made).
 *
 * <p>Only stretches where an eye is turned further than {@value #TURN_DEG}° from the generic eye's rest are read
 * back ({@link #nearATurnedEye}): near rest the static curves hold, and the readback costs about a fifth of the
 * throughput where it runs.
 *
 * <p>Only what the mask draws is read: the avatar on its background, never the patient's frame. The corrections are
 * bounded ({@value #MAX_CORRECTION_DEG}°), and a frame with nothing to fit on keeps its gaze as the curves pose it.
 */
public final class GazeReadback {

    /**
     * Every how many frames the drawing is read back. At 30 fps every 3rd frame samples a 4 Hz nystagmus 2.5 times a
     * beat; every 4th aliased it (ground truth left gaze r 0.939 against 0.965).
     */
    public static final int EVERY = 3;
    /** The stage's name in {@link MaskProgress}. */
    public static final String STAGE = "read back";
    /** The fit's Gaussian window, standard deviation in frames (wider, 15: left r 0.952; narrower, 4: 0.969). */
    static final double WINDOW_FRAMES = 8;
    /** Pulls the fitted gain toward 1 where what was meant hardly varies within the window, degrees². */
    static final double RIDGE_DEG2 = 1;
    static final double MIN_GAIN = 0.5;
    static final double MAX_GAIN = 2;
    static final double MAX_CORRECTION_DEG = 8;
    /** Readings this close to a closed eye are left out: a lid that is closing or opening moves the gaze reading. */
    static final int CLOSED_GUARD_FRAMES = 2;
    /** Less weight than this in a frame's window (about one reading close by): no correction. */
    static final double MIN_WEIGHT = 0.5;
    /**
     * From this much weight on, the full correction (about half of what a window read back throughout holds, 6.7).
     * Between the two it fades in, so that where a stretch read back ends the drawn gaze does not jump: a step there
     * would be drawn as a small saccade the patient never made.
     */
    static final double FULL_WEIGHT = 3;
    /**
     * Only stretches where an eye is meant to be turned further than this from the generic eye's rest reading, in
     * degrees as read, are read back. Nearer, the static curves hold: on the ground truth the eye within ±6° of rest
     * reads back at r 0.969 without the readback, the one turned 9°–21° at 0.936. The readback costs a fifth of the
     * throughput where it runs, so it runs where the curves drift.
     */
    static final double TURN_DEG = 8;
    /** Frames read back by one analyser, at most (a stretch; see {@link #stretches}). */
    static final int STRETCH_FRAMES = 100;
    /** A frame is read back when an eye is turned past {@link #TURN_DEG} within this many frames of it. */
    static final int TURN_REACH_FRAMES = (int) WINDOW_FRAMES;

    /** The clip as the mask means to draw it. */
    public interface Clip {
        int frames();

        /** The frame as drawn without correction. */
        AvatarFrame drawn(int frame);

        /**
         * The horizontal gaze the frame should read, right and left eye, degrees, in the face analysis's units; NaN
         * for an eye that is closed, both NaN for a frame without a face.
         */
        double[] wanted(int frame);
    }

    /** Draws a frame; callable from the readback's threads. */
    @FunctionalInterface
    public interface Renderer {
        RenderedFrame render(AvatarFrame frame) throws InterruptedException;
    }

    /**
     * Per frame, degrees to add to each eye's wanted horizontal gaze before it is posed.
     *
     * @param sampled frames drawn and read back
     * @param read    of those, the ones whose face was found again
     */
    public record Corrections(float[] right, float[] left, int sampled, int read) {

        /** No correction for any frame. */
        public static final Corrections NONE = new Corrections(new float[0], new float[0], 0, 0);

        public float of(long frame, boolean rightEye) {
            float[] c = rightEye ? right : left;
            return frame < c.length ? c[(int) frame] : 0;
        }

        /** Largest correction of either eye, degrees. */
        public double maxAbsDeg() {
            double m = 0;
            for (int i = 0; i < right.length; i++) {
                m = Math.max(m, Math.max(Math.abs(right[i]), Math.abs(left[i])));
            }
            return m;
        }
    }

    private GazeReadback() {
    }

    /**
     * Draws and reads back every {@value #EVERY}rd frame near a turned eye, in stretches ({@link #stretches}) spread
     * over {@code threads} threads (an analyser must see its frames in order), then fits the corrections.
     *
     * @param progress told the frames read back so far, of how many, as the stage "read back"
     */
    public static Corrections measure(Clip clip, double fps, int threads, Renderer renderer,
            Supplier<FaceAnalyzer> analyzers, MaskProgress progress) throws InterruptedException {
        int n = clip.frames();
        // Per frame: the wanted gaze and the readings (4 doubles), the corrections (2 floats) and the turn's counts,
        // about 45 bytes (5 MB for an hour at 30 fps); everything else stays in the analysis file.
        double[][] wanted = new double[2][n];
        for (int i = 0; i < n; i++) {
            double[] w = clip.wanted(i);
            wanted[0][i] = w[0];
            wanted[1][i] = w[1];
        }
        double[][] read = new double[2][n];
        Arrays.fill(read[0], Double.NaN);
        Arrays.fill(read[1], Double.NaN);
        boolean[] near = nearATurnedEye(wanted);
        List<Integer> samples = new ArrayList<>();
        for (int i = 0; i < n; i += EVERY) {
            if (near[i] && (!Double.isNaN(wanted[0][i]) || !Double.isNaN(wanted[1][i]))) {
                samples.add(i);
            }
        }
        List<List<Integer>> stretches = stretches(samples);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger found = new AtomicInteger();
        int lanes = Math.max(1, Math.min(threads, stretches.size()));
        if (lanes == 1) {
            for (List<Integer> stretch : stretches) {
                readBack(clip, stretch, fps, renderer, analyzers.get(), read, done, found, progress, samples.size());
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(lanes, r -> {
                Thread t = new Thread(r, "mask-readback");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (List<Integer> stretch : stretches) {
                    parts.add(pool.submit(() -> {
                        readBack(clip, stretch, fps, renderer, analyzers.get(), read, done, found, progress,
                                samples.size());
                        return null;
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("reading the mask back failed: " + cause, cause);
            } finally {
                pool.shutdownNow();
            }
        }
        return new Corrections(fit(wanted[0], read[0]), fit(wanted[1], read[1]), samples.size(), found.get());
    }

    /**
     * The frames to read back cut into stretches, each read by a fresh analyser: at a gap (the frames between were not
     * read back) and every {@value #STRETCH_FRAMES} frames read. The cuts depend on the frames only, never on the
     * number of threads, so the corrections, and the masked video, are the same on any machine.
     */
    static List<List<Integer>> stretches(List<Integer> samples) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i : samples) {
            if (!current.isEmpty() && (i - current.get(current.size() - 1) > EVERY
                    || current.size() == STRETCH_FRAMES)) {
                out.add(current);
                current = new ArrayList<>();
            }
            current.add(i);
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /**
     * Per frame, whether an eye is meant to be turned past {@link #TURN_DEG} from the generic eye's rest within
     * {@link #TURN_REACH_FRAMES} frames of it ({@code wanted}: right, then left, per frame; NaN ignored).
     */
    static boolean[] nearATurnedEye(double[][] wanted) {
        EyeResponse response = EyeResponse.standard();
        double[] rest = {response.restReading(true, 0), response.restReading(false, 0)};
        int n = wanted[0].length;
        int[] turnedBefore = new int[n + 1];
        for (int i = 0; i < n; i++) {
            boolean turned = Math.abs(wanted[0][i] - rest[0]) > TURN_DEG || Math.abs(wanted[1][i] - rest[1]) > TURN_DEG;
            turnedBefore[i + 1] = turnedBefore[i] + (turned ? 1 : 0);
        }
        boolean[] near = new boolean[n];
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - TURN_REACH_FRAMES), to = Math.min(n, i + TURN_REACH_FRAMES + 1);
            near[i] = turnedBefore[to] - turnedBefore[from] > 0;
        }
        return near;
    }

    private static void readBack(Clip clip, List<Integer> frames, double fps, Renderer renderer,
            FaceAnalyzer analyzer, double[][] read, AtomicInteger done, AtomicInteger found,
            MaskProgress progress,
            int total)
            throws InterruptedException {
        for (int i : frames) {
            RenderedFrame drawn = renderer.render(clip.drawn(i));
            FrameAnalysis a = analyzer.analyze(drawn.toBgrImage(), i / fps);
            if (a.tracked()) {
                // Each sample's slot is written by one thread only; the fit runs after all have joined.
                read[0][i] = a.right().gazeH();
                read[1][i] = a.left().gazeH();
                found.incrementAndGet();
            }
            synchronized (progress) { // the caller's progress need not be thread-safe
                progress.update(STAGE, done.incrementAndGet(), total);
            }
        }
    }

    /**
     * The corrections of one eye from what each frame should read and what its drawing read (NaN: not read back).
     * Readings within {@value #CLOSED_GUARD_FRAMES} frames of a closed eye are left out.
     */
    static float[] fit(double[] wanted, double[] read) {
        int n = wanted.length;
        boolean[] usable = new boolean[n];
        for (int j = 0; j < n; j++) {
            boolean ok = !Double.isNaN(read[j]);
            for (int d = -CLOSED_GUARD_FRAMES; ok && d <= CLOSED_GUARD_FRAMES; d++) {
                int k = Math.max(0, Math.min(n - 1, j + d));
                ok = !Double.isNaN(wanted[k]);
            }
            usable[j] = ok;
        }
        int reach = (int) Math.ceil(3 * WINDOW_FRAMES);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(wanted[i])) {
                continue;
            }
            int from = Math.max(0, i - reach), to = Math.min(n - 1, i + reach);
            double sw = 0, sWanted = 0, sRead = 0;
            for (int j = from; j <= to; j++) {
                if (usable[j]) {
                    double w = weight(j - i);
                    sw += w;
                    sWanted += w * wanted[j];
                    sRead += w * read[j];
                }
            }
            if (sw < MIN_WEIGHT) {
                continue;
            }
            double meanWanted = sWanted / sw, meanRead = sRead / sw, sww = 0, swr = 0;
            for (int j = from; j <= to; j++) {
                if (usable[j]) {
                    double w = weight(j - i);
                    sww += w * (wanted[j] - meanWanted) * (wanted[j] - meanWanted);
                    swr += w * (wanted[j] - meanWanted) * (read[j] - meanRead);
                }
            }
            double gain = Math.max(MIN_GAIN, Math.min(MAX_GAIN, (swr + RIDGE_DEG2 * sw) / (sww + RIDGE_DEG2 * sw)));
            double predicted = meanRead + gain * (wanted[i] - meanWanted);
            double correction = (wanted[i] - predicted) / gain;
            double fade = Math.min(1, (sw - MIN_WEIGHT) / (FULL_WEIGHT - MIN_WEIGHT));
            out[i] = (float) (fade * Math.max(-MAX_CORRECTION_DEG, Math.min(MAX_CORRECTION_DEG, correction)));
        }
        return out;
    }

    private static double weight(int offset) {
        return Math.exp(-0.5 * offset * offset / (WINDOW_FRAMES * WINDOW_FRAMES));
    }
}
