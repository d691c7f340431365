package org.dmask.mask;

/**
 * A rendered frame: packed 8-bit RGB, rows top to bottom, and the avatar frame it came from (renders come back
 * one frame late through the pixel buffers, so the source travels with the pixels).
 *
 * @param neutral true when the source was untracked and the frame is the plain background (fail closed)
 */
public record RenderedFrame(AvatarFrame source, int width, int height, byte[] rgb, boolean neutral) {

    public RenderedFrame {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb needs " + width * height * 3 + " bytes, got " + rgb.length);
        }
    }
}
