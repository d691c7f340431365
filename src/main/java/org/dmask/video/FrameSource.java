package org.dmask.video;

import java.io.IOException;

/** Frames in display order, each written into a frame buffer the caller owns and reuses. */
public interface FrameSource extends AutoCloseable {

    VideoFormat format();

    /** A frame buffer of this source's size. */
    default VideoFrame newFrame() {
        return new VideoFrame(format().width(), format().height());
    }

    /**
     * Decodes the next frame into {@code into}.
     *
     * @return false at the end of the stream, after the announced number of frames was delivered
     * @throws VideoException when the stream is damaged or ends before the announced number of frames
     */
    boolean read(VideoFrame into) throws IOException;

    @Override
    void close() throws IOException;
}
