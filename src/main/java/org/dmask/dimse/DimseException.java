package org.dmask.dimse;

import java.io.IOException;

/** A DIMSE message that breaks PS3.7: a command set that cannot be parsed or lacks what its command needs. */
public class DimseException extends IOException {
    public DimseException(String message) {
        super(message);
    }
}
