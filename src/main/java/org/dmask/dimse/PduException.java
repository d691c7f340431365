package org.dmask.dimse;

import java.io.IOException;

/** A PDU that breaks PS3.8: says what is wrong, and which A-ABORT reason answers it. */
public class PduException extends IOException {

    private final int abortReason;

    public PduException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}
