package org.dmask.mask;

import org.dmask.mask.pipeline.HeadCover;

import java.util.Locale;

/**
 * What a rule asks of the digital mask for videos.
 *
 * <p>{@code OFF}: no mask; only a rule says this, the pipeline never runs in it. {@code FULL}: the avatar on a
 * neutral background, nothing of the original frame (the default). {@code FACE}: the avatar over the original frame
 * inside the face oval, at the face's place and size; every other face in the frame has its head covered
 * ({@link HeadCover}); the rest of the frame stays, so whatever it shows (the patient's hair, clothes, the room) is
 * not masked.
 */
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
