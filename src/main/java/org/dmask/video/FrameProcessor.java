package org.dmask.video;

/** Per-frame work of the pipeline (the mask, for instance). It changes the frame in place and may run in parallel. */
@FunctionalInterface
public interface FrameProcessor {

    FrameProcessor UNCHANGED = frame -> { };

    void process(VideoFrame frame) throws Exception;
}
