package org.dmask.mask;

import org.dmask.mask.pipeline.DigitalMask;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The digital mask as the {@code route} package sees it: a DICOM video object in, the masked object out.
 * {@link DigitalMask} is the CDI bean; where none is present, every object a rule wants masked goes to dead letters
 * (fail closed), never to a target. It lives in {@code mask} so that the route depends on the mask, not the reverse.
 */
public interface VideoMasker {

    /**
     * Reads the (already de-identified) video object {@code in} and writes the masked object to {@code out}, complete
     * or not at all. Throws {@link MaskException} when the video cannot be masked (for example cannot be decoded):
     * the object then goes to dead letters with that reason.
     */
    void mask(Path in, Path out, MaskMode mode) throws IOException, MaskException;

    /**
     * Opens the renderer once and closes it again, for the start-up check; returns what it runs on (device and
     * renderer). Throws {@link MaskException} with the reason when it cannot open: masked routes would dead-letter.
     */
    default String checkRenderer() throws MaskException {
        return "no renderer needed";
    }

    /** Why a video could not be masked; the message is the dead-letter reason. */
    class MaskException extends Exception {
        public MaskException(String message) {
            super(message);
        }

        public MaskException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
