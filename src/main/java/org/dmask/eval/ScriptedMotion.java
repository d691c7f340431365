package org.dmask.eval;

import org.dmask.mask.AvatarFrame;
import org.dmask.mask.EyeMotion;
import org.dmask.mask.Pose;

/**
 * Eye motion written down in advance, for ground truth: a slow horizontal sweep and a slow vertical drift, a
 * horizontal jerk-free (sinusoidal) nystagmus, the left eye deviated by a constant angle, blinks of both eyes at
 * set times, and the left upper lid drooping progressively. The head moves a little (yaw, roll, translation), as a
 * patient's does.
 *
 * @param frames       number of frames
 * @param fps          frame rate
 * @param nystagmusHz  nystagmus frequency, Hz (0: none)
 * @param nystagmusDeg nystagmus amplitude, degrees
 * @param sweepHz      slow horizontal sweep frequency, Hz
 * @param sweepDeg     slow horizontal sweep amplitude, degrees
 * @param deviationDeg constant horizontal deviation of the left eye, degrees
 * @param blinkTimesS  blink onsets, seconds
 * @param droop        how far the left upper lid falls over the clip, in iris radii
 */
public record ScriptedMotion(int frames, double fps, double nystagmusHz, double nystagmusDeg, double sweepHz,
        double sweepDeg, double deviationDeg, double[] blinkTimesS, double droop) {

    public static final int WIDTH = 640, HEIGHT = 480;
    /** Pixels per canonical unit: the face spans about 310 px, as in a close-up eye examination video. */
    static final float SCALE = 20;
    /** A blink closes the lids for this many frames (about 170 ms at 30 fps). */
    static final int BLINK_FRAMES = 5;
    static final float UPPER_LID = 0.7f, LOWER_LID = 0.85f;

    /** The test sequence: 4 Hz nystagmus, left eye deviated 15°, 4 blinks, a drooping left lid, 6 s at 30 fps. */
    public static ScriptedMotion examination(int frames) {
        return new ScriptedMotion(frames, 30, 4, 3, 0.25, 8, 15, new double[] {0.9, 2.3, 3.6, 5.1}, 0.35);
    }

    /**
     * A separate calibration sequence: a different, wider sweep (the left eye offset by 8°, so together the eyes
     * cover the test's range), no nystagmus, blinks or droop.
     */
    public static ScriptedMotion calibration(int frames) {
        return new ScriptedMotion(frames, 30, 0, 0, 0.4, 22, 8, new double[0], 0);
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
        return right ? g : g + deviationDeg;
    }

    public double gazeV(int frame) {
        return 5 * Math.sin(2 * Math.PI * 0.17 * time(frame) + 1);
    }

    /** Upper lid margin above the iris centre, iris radii. */
    public double upperLid(int frame, boolean right) {
        if (blink(frame)) {
            return -LOWER_LID;
        }
        double t = time(frame) / (frames / fps);
        // A small slow variation keeps the right lid from being constant (a correlation needs variance).
        double base = UPPER_LID + 0.08 * Math.sin(2 * Math.PI * 0.3 * time(frame));
        return right ? base : base - droop * t;
    }

    public AvatarFrame frame(int frame) {
        double t = time(frame);
        Pose pose = Pose.fromAngles(SCALE, (float) (6 * Math.sin(2 * Math.PI * 0.13 * t)), 0,
                (float) (4 * Math.sin(2 * Math.PI * 0.21 * t)), (float) (WIDTH / 2.0 + 15 * Math.sin(2 * Math.PI * 0.11 * t)),
                (float) (HEIGHT / 2.0 + 10 * Math.sin(2 * Math.PI * 0.07 * t)));
        return AvatarFrame.of(WIDTH, HEIGHT, pose, eye(frame, true), eye(frame, false));
    }

    private EyeMotion eye(int frame, boolean right) {
        return new EyeMotion((float) gazeH(frame, right), (float) gazeV(frame), (float) upperLid(frame, right),
                LOWER_LID);
    }

    /** The script as the series the analysis is compared with (lid in iris radii, gaze in avatar degrees). */
    public EyeSeries truth(boolean right) {
        double[] h = new double[frames], v = new double[frames], lid = new double[frames];
        boolean[] b = new boolean[frames];
        for (int i = 0; i < frames; i++) {
            h[i] = gazeH(i, right);
            v[i] = gazeV(i);
            lid[i] = upperLid(i, right);
            b[i] = blink(i);
        }
        return new EyeSeries(h, v, lid, b);
    }
}
