package org.dmask.eval;

import java.util.function.ToDoubleFunction;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.EyeSignals;

/**
 * One eye's per-frame signals over a clip, as compared between two sources.
 *
 * @param gazeH    horizontal gaze, degrees (NaN when not measured)
 * @param gazeV    vertical gaze, degrees
 * @param upperLid upper lid margin above the iris centre (any unit: compared by correlation)
 * @param blink    the eye is closed
 */
public record EyeSeries(double[] gazeH, double[] gazeV, double[] upperLid, boolean[] blink) {

    /** The subject's right (true) or left eye as the face analysis measured it. */
    public static EyeSeries of(ClipAnalysis clip, boolean right) {
        int n = clip.frames().size();
        boolean[] blink = new boolean[n];
        for (int i = 0; i < n; i++) {
            blink[i] = right ? clip.blinkRight(i) : clip.blinkLeft(i);
        }
        return new EyeSeries(series(clip, right, EyeSignals::gazeH), series(clip, right, EyeSignals::gazeV),
                series(clip, right, EyeSignals::mrd1), blink);
    }

    private static double[] series(ClipAnalysis clip, boolean right, ToDoubleFunction<EyeSignals> value) {
        return clip.frames().stream().mapToDouble(f -> value.applyAsDouble(right ? f.right() : f.left())).toArray();
    }

    public int length() {
        return gazeH.length;
    }
}
