package org.dmask.video;

/**
 * What a frame source delivers: frame size, frame rate, the number of frames it announces (-1 when unknown) and
 * whether the source has an audio track.
 */
public record VideoFormat(int width, int height, FrameRate frameRate, long frameCount, boolean hasAudio) {
}
