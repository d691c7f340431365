package org.dmask.dimse;

import java.io.IOException;

/** The association was rejected, aborted, or could not be negotiated; the message says by whom and why. */
public class AssociationException extends IOException {

    private final AAssociateRJ rejection;
    private final AAbort abort;

    public AssociationException(String message) {
        this(message, null, null);
    }

    public AssociationException(String message, AAssociateRJ rejection, AAbort abort) {
        super(message);
        this.rejection = rejection;
        this.abort = abort;
    }

    public AAssociateRJ rejection() {
        return rejection;
    }

    public AAbort abort() {
        return abort;
    }
}
