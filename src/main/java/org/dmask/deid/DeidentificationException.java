package org.dmask.deid;

/** An object cannot be de-identified as its profile requires; it must not be forwarded (fail closed). */
public class DeidentificationException extends RuntimeException {

    public DeidentificationException(String message) {
        super(message);
    }

    public DeidentificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
