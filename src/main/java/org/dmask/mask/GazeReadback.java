package org.dmask.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
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
 * <p>Only what the mask draws is read: the avatar on its background, never the patient's frame. The corrections are
 * bounded ({@value #MAX_CORRECTION_DEG}°), and a frame with nothing to fit on keeps its gaze as the curves pose it.
 */
public final class GazeReadback {

    /**
     * Every how many frames the drawing is read back. At 30 fps every 3rd frame samples a 4 Hz nystagmus 2.5 times a
     * beat; every 4th aliased it (ground truth left gaze r 0.939 against 0.965).
     */
    public static final int EVERY = 3;
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

        public static Corrections none(int frames) {
            return new Corrections(new float[frames], new float[frames], 0, 0);
        }

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
     * Draws and reads back every {@value #EVERY}rd frame on {@code threads} threads (each a contiguous stretch, with
     * its own analyser, which must see its frames in order), then fits the corrections.
     *
     * @param progress told the count of frames read back so far
     */
    public static Corrections measure(Clip clip, double fps, int threads, Renderer renderer,
            Supplier<FaceAnalyzer> analyzers, IntConsumer progress) throws InterruptedException {
        int n = clip.frames();
        double[][] wanted = new double[2][n];
        for (int i = 0; i < n; i++) {
            double[] w = clip.wanted(i);
            wanted[0][i] = w[0];
            wanted[1][i] = w[1];
        }
        double[][] read = new double[2][n];
        Arrays.fill(read[0], Double.NaN);
        Arrays.fill(read[1], Double.NaN);
        List<Integer> samples = new ArrayList<>();
        for (int i = 0; i < n; i += EVERY) {
            if (!Double.isNaN(wanted[0][i]) || !Double.isNaN(wanted[1][i])) {
                samples.add(i);
            }
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger found = new AtomicInteger();
        int lanes = Math.max(1, Math.min(threads, samples.size()));
        if (lanes == 1) {
            readBack(clip, samples, fps, renderer, analyzers.get(), read, done, found, progress);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(lanes, r -> {
                Thread t = new Thread(r, "mask-readback");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int k = 0; k < lanes; k++) {
                    List<Integer> part = samples.subList(k * samples.size() / lanes, (k + 1) * samples.size() / lanes);
                    parts.add(pool.submit(() -> {
                        readBack(clip, part, fps, renderer, analyzers.get(), read, done, found, progress);
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

    private static void readBack(Clip clip, List<Integer> frames, double fps, Renderer renderer,
            FaceAnalyzer analyzer, double[][] read, AtomicInteger done, AtomicInteger found, IntConsumer progress)
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
            progress.accept(done.incrementAndGet());
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
            out[i] = (float) Math.max(-MAX_CORRECTION_DEG, Math.min(MAX_CORRECTION_DEG, correction));
        }
        return out;
    }

    private static double weight(int offset) {
        return Math.exp(-0.5 * offset * offset / (WINDOW_FRAMES * WINDOW_FRAMES));
    }
}
