package org.dmask.mask;

import java.io.IOException;
import java.nio.file.Path;
import org.dmask.video.FrameRate;
import org.dmask.video.FrameSource;

/**
 * The digital mask on one clip's frames, whatever holds them: frames in, a masked H.264 MP4 out. What the DICOM step
 * of {@code route} calls (it reads the object, opens its frames, and wraps the MP4 into a new object); the mask
 * itself knows no tags. {@code pipeline.DigitalMask} is the CDI bean.
 */
public interface ClipMasker {

    /**
     * Masks the frames {@code frames} opens (it may be called twice: {@code face} mode decodes again) into the MP4
     * {@code mp4}, complete or not at all. Throws {@link VideoMasker.MaskException} when the clip cannot be masked
     * (cannot be decoded, no renderer): the object then goes to dead letters with that reason.
     */
    MaskedClip mask(Frames frames, Path mp4, MaskMode mode, MaskProgress progress)
            throws IOException, VideoMasker.MaskException;

    /**
     * Opens the renderer once and closes it again, for the start-up check; returns what it runs on. Throws
     * {@link VideoMasker.MaskException} with the reason when it cannot open.
     */
    String checkRenderer() throws VideoMasker.MaskException;

    /** Opens the clip's frames from the start. */
    @FunctionalInterface
    interface Frames {
        FrameSource open() throws IOException;
    }

    /**
     * What was written.
     *
     * @param frames      frames in the MP4 (the input's count: a frame the mask could not track is replaced, never
     *                    dropped)
     * @param frameRate   the input's frame rate, kept
     * @param recordNotes what the record of the cleaned pixels says of this mask (the method; the untracked share
     *                    when the clip was flagged for review)
     * @param details     one line for the log and the CLI, after the output's name: frames, tracking, faces, speed
     */
    record MaskedClip(long frames, FrameRate frameRate, String[] recordNotes, String details) {
    }
}
