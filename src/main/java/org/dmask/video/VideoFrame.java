package org.dmask.video;

/**
 * One decoded frame: packed BGR24 pixels, rows without padding ({@code width * 3} bytes each), its index in the
 * stream and its presentation time. The pixel buffer is reused: a frame is filled again after its consumer has
 * given it back, so whoever wants to keep pixels copies them.
 */
public final class VideoFrame {

    private final int width;
    private final int height;
    private final byte[] bgr;
    private long index;
    private long ptsMicros;

    public VideoFrame(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.bgr = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Packed B, G, R bytes, row after row, {@code width * 3} bytes a row. */
    public byte[] bgr() {
        return bgr;
    }

    /** Zero-based position of the frame in display order. */
    public long index() {
        return index;
    }

    /** Presentation time in microseconds from the start of the stream. */
    public long ptsMicros() {
        return ptsMicros;
    }

    void setTiming(long index, long ptsMicros) {
        this.index = index;
        this.ptsMicros = ptsMicros;
    }

    /** Copies pixels and timing of another frame of the same size into this one. */
    public void copyFrom(VideoFrame other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("frame size " + other.width + "x" + other.height + " into "
                    + width + "x" + height);
        }
        System.arraycopy(other.bgr, 0, bgr, 0, bgr.length);
        setTiming(other.index, other.ptsMicros);
    }
}
