package org.dmask.eval;

import org.dmask.face.Periodogram;

/**
 * How well one eye's measured signals follow a reference (a script, or the original clip's analysis).
 *
 * @param gazeCorrelation   Pearson r of horizontal gaze, frames where both are measured and neither blinks
 * @param gazeMaeDeg        mean absolute horizontal gaze error, degrees (after the calibration, if any)
 * @param gazeVCorrelation  Pearson r of vertical gaze
 * @param lidCorrelation    Pearson r of the upper lid margin (open frames)
 * @param blinks            blink events matched within the tolerance window
 * @param nystagmusRefHz    dominant horizontal oscillation above 1 Hz of the reference, Hz
 * @param nystagmusHz       the same of the measured signal
 * @param frames            frames compared for gaze
 */
public record EyeFidelity(double gazeCorrelation, double gazeMaeDeg, double gazeVCorrelation, double lidCorrelation,
        Signals.EventMatch blinks, double nystagmusRefHz, double nystagmusHz, int frames) {

    /** Blink centres within this many frames count as the same blink (100 ms at 30 fps). */
    public static final double BLINK_TOLERANCE_FRAMES = 3;
    /** Gaze is not compared this many frames either side of a (reference) blink: the iris is covered. */
    public static final int BLINK_MARGIN_FRAMES = 2;
    static final double NYSTAGMUS_MIN_HZ = 1.0;

    public double nystagmusErrorHz() {
        return Math.abs(nystagmusHz - nystagmusRefHz);
    }

    /**
     * @param toReference maps the measured gaze into the reference's degrees (identity when both come from the
     *                    same face analysis; a fitted calibration for the scripted avatar)
     */
    public static EyeFidelity compare(EyeSeries reference, EyeSeries measured, double fps, Signals.Line toReference) {
        if (reference.length() != measured.length()) {
            throw new IllegalArgumentException("series lengths differ: " + reference.length() + " and "
                    + measured.length());
        }
        boolean[] closed = closed(reference, measured);
        double[] refH = Signals.without(reference.gazeH(), closed);
        double[] mesH = Signals.without(Signals.map(measured.gazeH(), toReference::invert), closed);
        double[] refV = Signals.without(reference.gazeV(), closed);
        double[] mesV = Signals.without(measured.gazeV(), closed);
        double[] refLid = Signals.without(reference.upperLid(), closed);
        double[] mesLid = Signals.without(measured.upperLid(), closed);
        Signals.EventMatch blinks = Signals.match(Signals.events(reference.blink()), Signals.events(measured.blink()),
                BLINK_TOLERANCE_FRAMES);
        return new EyeFidelity(Signals.pearson(refH, mesH), Signals.meanAbsoluteError(refH, mesH),
                Signals.pearson(refV, mesV), Signals.pearson(refLid, mesLid), blinks, dominantHz(refH, fps),
                dominantHz(mesH, fps), Signals.pairs(refH, mesH));
    }

    /**
     * Frames where either series blinks, widened by {@value #BLINK_MARGIN_FRAMES} frames either side: gaze and lid
     * are not compared there (the iris is covered).
     */
    public static boolean[] closed(EyeSeries reference, EyeSeries measured) {
        boolean[] closed = new boolean[reference.length()];
        for (int i = 0; i < closed.length; i++) {
            closed[i] = reference.blink()[i] || measured.blink()[i];
        }
        return Signals.dilate(closed, BLINK_MARGIN_FRAMES);
    }

    static double dominantHz(double[] x, double fps) {
        double[] filled = Signals.interpolated(x);
        return filled == null ? Double.NaN : Periodogram.dominant(filled, fps, NYSTAGMUS_MIN_HZ).frequencyHz();
    }
}
