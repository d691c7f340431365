package org.dmask.route;

import java.util.Locale;

/** What a rule asks of the digital mask for videos: nothing, the full avatar, or the avatar over the face only. */
public enum MaskMode {
    OFF, FULL, FACE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code off}, {@code full} or {@code face}; null when the name is none of them. */
    public static MaskMode parse(String s) {
        for (MaskMode m : values()) {
            if (m.configName().equals(s)) {
                return m;
            }
        }
        return null;
    }
}
