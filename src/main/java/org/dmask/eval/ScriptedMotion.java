package org.dmask.eval;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.eye.EyeResponse;
import org.dmask.mask.avatar.Pose;

/**
 * Eye motion written down in advance, for ground truth: a slow horizontal sweep and a slow vertical drift, a
 * horizontal jerk-free (sinusoidal) nystagmus, the left eye deviated by a constant angle, blinks of both eyes at
 * set times, and the left upper lid drooping progressively. The head moves a little (yaw, roll, translation), as a
 * patient's does.
 *
 * <p>The script is written in the face analysis's own units, as a patient's measurements are: gaze in its degrees,
 * lid margins in the head's eye widths, each around what the analysis reads on the generic eye at rest. The avatar is
 * posed from it exactly as the mask poses it from a patient's measurements ({@link EyeResponse}), so the ground
 * truth checks the whole chain: measurements → generic eye → rendered frame → measurements.
 *
 * @param frames       number of frames
 * @param fps          frame rate
 * @param nystagmusHz  nystagmus frequency, Hz (0: none)
 * @param nystagmusDeg nystagmus amplitude, degrees
 * @param sweepHz      slow horizontal sweep frequency, Hz
 * @param sweepDeg     slow horizontal sweep amplitude, degrees
 * @param deviationDeg constant horizontal deviation of the left eye, degrees
 * @param blinkTimesS  blink onsets, seconds
 * @param droop        how far the left upper lid falls over the clip, eye widths
 */
public record ScriptedMotion(int frames, double fps, double nystagmusHz, double nystagmusDeg, double sweepHz,
        double sweepDeg, double deviationDeg, double[] blinkTimesS, double droop) {

    public static final int WIDTH = 640, HEIGHT = 480;
    /** Pixels per canonical unit: the face spans about 310 px, as in a close-up eye examination video. */
    static final float SCALE = 20;
    /** A blink closes the lids for this many frames (about 170 ms at 30 fps). */
    static final int BLINK_FRAMES = 5;
    /**
     * The slow vertical drift, degrees as read. Small: the generic eye's vertical reading has the lowest gain (1.5°
     * read is about 8° of turn), and large vertical turns disturb the horizontal and lid readings (with 3° the lid
     * correlations fell to 0.46 and 0.25, conformance/mask-evaluation.md).
     */
    static final double VERTICAL_DEG = 1.5;
    /** The slow lid variation of both eyes, eye widths (about ±0.8 mm): a lid that moves, as real lids do. */
    static final double LID_WAVE = 0.03;
    /** A closed lid, as measured: below anything the generic eye reads open. */
    static final double CLOSED = -1;

    /**
     * The test sequence: 4 Hz nystagmus of 3°, the left eye deviated 15° inward (an esotropia), 4 blinks, the left
     * upper lid drooping by 0.08 eye widths (about 2 mm), 6 s at 30 fps. The slow sweep is small (3°): the
     * generic eye is read over about ±20° in all, and the deviated eye has to stay inside that.
     */
    public static ScriptedMotion examination(int frames) {
        return new ScriptedMotion(frames, 30, 4, 3, 0.25, 3, -15, new double[] {0.9, 2.3, 3.6, 5.1}, 0.08);
    }

    /**
     * A separate calibration sequence: a different, wider sweep (the left eye offset by −9°, so together the eyes
     * cover the test's range), no nystagmus, blinks or droop.
     */
    public static ScriptedMotion calibration(int frames) {
        return new ScriptedMotion(frames, 30, 0, 0, 0.4, 9, -9, new double[0], 0);
    }

    /** What the analysis reads on the generic eye at rest (straight ahead, lids open). */
    static double rest(boolean right, int signal) {
        return EyeResponse.standard().restReading(right, signal);
    }

    public double time(int frame) {
        return frame / fps;
    }

    public boolean blink(int frame) {
        for (double t : blinkTimesS) {
            int onset = (int) Math.round(t * fps);
            if (frame >= onset && frame < onset + BLINK_FRAMES) {
                return true;
            }
        }
        return false;
    }

    /** Horizontal gaze of the subject's right eye; the left adds the deviation. Positive: image right. */
    public double gazeH(int frame, boolean right) {
        double t = time(frame);
        double g = sweepDeg * Math.sin(2 * Math.PI * sweepHz * t) + nystagmusDeg * Math.sin(2 * Math.PI * nystagmusHz * t);
        return rest(right, 0) + (right ? g : g + deviationDeg);
    }

    public double gazeV(int frame, boolean right) {
        return rest(right, 1) + VERTICAL_DEG * Math.sin(2 * Math.PI * 0.17 * time(frame) + 1);
    }

    /** Upper lid margin above the iris centre (MRD1 proxy), eye widths. */
    public double upperLid(int frame, boolean right) {
        if (blink(frame)) {
            return CLOSED;
        }
        double t = time(frame) / (frames / fps);
        // A small slow variation keeps the right lid from being constant (a correlation needs variance).
        double base = rest(right, 2) + LID_WAVE * Math.sin(2 * Math.PI * 0.3 * time(frame));
        return right ? base : base - droop * t;
    }

    public AvatarFrame frame(int frame) {
        return frame(frame, 0, 0);
    }

    /**
     * The frame with each eye's horizontal gaze moved by a correction before it is posed, degrees, as the mask moves
     * it after reading its drawing back ({@link org.dmask.mask.eye.GazeReadback}).
     */
    public AvatarFrame frame(int frame, float correctRight, float correctLeft) {
        double t = time(frame);
        Pose pose = Pose.fromAngles(SCALE, (float) (6 * Math.sin(2 * Math.PI * 0.13 * t)), 0,
                (float) (4 * Math.sin(2 * Math.PI * 0.21 * t)), (float) (WIDTH / 2.0 + 15 * Math.sin(2 * Math.PI * 0.11 * t)),
                (float) (HEIGHT / 2.0 + 10 * Math.sin(2 * Math.PI * 0.07 * t)));
        float[] right = measured(frame, true), left = measured(frame, false);
        right[0] += correctRight;
        left[0] += correctLeft;
        EyeMotion[] eyes = EyeResponse.standard().avatarEyes(right, left, pose.rotation());
        return AvatarFrame.of(WIDTH, HEIGHT, pose, eyes[0], eyes[1]);
    }

    /** What the mask would mean each eye to read horizontally: the script, NaN while the eyes blink. */
    public double[] wantedGazeH(int frame) {
        return blink(frame) ? new double[] {Double.NaN, Double.NaN}
                : new double[] {gazeH(frame, true), gazeH(frame, false)};
    }

    private float[] measured(int frame, boolean right) {
        return new float[] {(float) gazeH(frame, right), (float) gazeV(frame, right), (float) upperLid(frame, right),
            (float) rest(right, 3)};
    }

    /** The script as the series the analysis is compared with (the analysis's units). */
    public EyeSeries truth(boolean right) {
        double[] h = new double[frames], v = new double[frames], lid = new double[frames];
        boolean[] b = new boolean[frames];
        for (int i = 0; i < frames; i++) {
            h[i] = gazeH(i, right);
            v[i] = gazeV(i, right);
            lid[i] = upperLid(i, right);
            b[i] = blink(i);
        }
        return new EyeSeries(h, v, lid, b);
    }
}
