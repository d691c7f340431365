package org.dmask.mask.eye;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often a clip's eyes asked for more than the generic eye can show: per eye and signal, the tracked frames in
 * which the wanted reading lay past the generic eye's range ({@link EyeResponse#avatarEyes(float[], float[], float[], boolean[][])}), so the mask drew
 * it at the end of that range. A clinician reading the masked video should know, for example, that a lower lid
 * retraction was drawn smaller than it was. Closed lids are not counted (they are drawn closed).
 *
 * @param frames  tracked frames mapped onto the avatar
 * @param atLimit frames at a limit: right gazeH, gazeV, mrd1, mrd2, then the left's
 */
public record EyeLimits(long frames, long[] atLimit) {

    /** The signals of each eye, in count order (declared before NONE, which needs it). */
    public static final List<String> SIGNALS = List.of(EyeResponse.SIGNALS);
    public static final EyeLimits NONE = new EyeLimits(0, new long[2 * SIGNALS.size()]);

    public EyeLimits {
        if (atLimit.length != 2 * SIGNALS.size()) {
            throw new IllegalArgumentException("one count per eye and signal");
        }
        atLimit = atLimit.clone();
    }

    @Override
    public long[] atLimit() {
        return atLimit.clone();
    }

    /** Share of the tracked frames at a limit for one eye's signal (index into {@link #SIGNALS}). */
    public double share(boolean right, int signal) {
        return frames == 0 ? 0 : (double) atLimit[(right ? 0 : SIGNALS.size()) + signal] / frames;
    }

    public boolean any() {
        for (long n : atLimit) {
            if (n > 0) {
                return true;
            }
        }
        return false;
    }

    /** "right mrd2 12.5%, left gazeH 0.4%", the signals that reached a limit; "none" when none did. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            for (int s = 0; s < SIGNALS.size(); s++) {
                if (atLimit[SIGNALS.size() * e + s] > 0) {
                    parts.add(String.format(Locale.ROOT, "%s %s %.1f%%", e == 0 ? "right" : "left",
                            SIGNALS.get(s), 100 * share(e == 0, s)));
                }
            }
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
