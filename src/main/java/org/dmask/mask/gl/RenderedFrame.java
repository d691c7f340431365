package org.dmask.mask.gl;

import org.dmask.mask.avatar.AvatarFrame;

import org.dmask.face.BgrImage;

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

    /** The pixels in the byte order of video frames and the face analysis: B, G, R. */
    public byte[] bgr() {
        byte[] bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return bgr;
    }

    /** The frame as the face analysis takes it. */
    public BgrImage toBgrImage() {
        return new BgrImage(width, height, bgr());
    }
}
