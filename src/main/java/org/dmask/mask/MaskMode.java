package org.dmask.mask;

/**
 * {@code FULL}: the avatar on a neutral background, nothing of the original frame (the default).
 * {@code FACE}: the avatar over the original frame inside the face oval; the background stays, privacy is weaker.
 */
public enum MaskMode {
    FULL,
    FACE
}
