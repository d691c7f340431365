package org.dmask.video;

import java.io.IOException;

/**
 * Takes frames in order. {@link #finish()} completes the output; {@link #close()} without a finish discards it, so
 * that a failure never leaves partial output behind.
 */
public interface FrameSink extends AutoCloseable {

    void write(VideoFrame frame) throws IOException;

    void finish() throws IOException;

    @Override
    void close() throws IOException;
}
