package org.dmask.model;

/**
 * A model file that is missing, unreadable or not the file the manifest names (sha256 differs). The message says
 * which file, where dmask looked, and where the file comes from, so an operator can fix it without a stack trace.
 */
public class ModelNotAvailableException extends RuntimeException {

    public ModelNotAvailableException(String message) {
        super(message);
    }

    public ModelNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
