package org.dmask.video;

import java.io.IOException;

/**
 * A video object that cannot be decoded, encoded or re-encapsulated. The message names what is wrong and where (the
 * attribute, fragment, frame or byte offset), so that a dead letter explains itself.
 */
public class VideoException extends IOException {

    public VideoException(String message) {
        super(message);
    }

    public VideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
