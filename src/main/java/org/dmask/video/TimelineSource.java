package org.dmask.video;

/**
 * A known number of frames at a known rate, without pixels: each frame only gets its index and presentation time
 * (index / rate, exact). For work that draws every pixel itself, e.g. a render from per-frame records kept from an
 * earlier pass, so that nothing has to be decoded again. The buffers keep whatever the work last wrote into them.
 */
public final class TimelineSource implements FrameSource {

    private final VideoFormat format;
    private final long frames;
    private long next;

    public TimelineSource(VideoFormat format, long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames " + frames);
        }
        this.format = format;
        this.frames = frames;
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public boolean read(VideoFrame into) {
        if (next >= frames) {
            return false;
        }
        into.setTiming(next, Math.round(next * 1e6 / format.frameRate().fps()));
        next++;
        return true;
    }

    @Override
    public void close() {
    }
}
