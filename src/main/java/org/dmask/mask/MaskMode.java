package org.dmask.mask;

/**
 * {@code FULL}: the avatar on a neutral background, nothing of the original frame (the default).
 * {@code FACE}: the avatar over the original frame inside the face oval, at the face's place and size; every other
 * face in the frame has its head covered ({@link HeadCover}); the rest of the frame stays, so whatever it shows (the
 * patient's hair, clothes, the room) is not masked.
 */
public enum MaskMode {
    FULL,
    FACE
}
