package org.dmask.pixel;

/** Why the pixels of an object could not be cleaned; the message names the object and is the dead-letter reason. */
public class PixelCleaningException extends Exception {

    public PixelCleaningException(String message) {
        super(message);
    }

    public PixelCleaningException(String message, Throwable cause) {
        super(message, cause);
    }
}
