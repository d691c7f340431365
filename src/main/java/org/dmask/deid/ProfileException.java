package org.dmask.deid;

/** A profile file that cannot be used; the message names the file, line and attribute. */
public class ProfileException extends RuntimeException {
    public ProfileException(String message) {
        super(message);
    }
}
