package org.dmask.route.component;

/** Exchange headers set by the {@code dicom:} consumer and the other ingest routes (drop folder, STOW-RS). */
public final class DicomHeaders {

    public static final String CALLING_AET = "DmaskCallingAET";
    public static final String CALLED_AET = "DmaskCalledAET";
    public static final String REMOTE_ADDRESS = "DmaskRemoteAddress";
    public static final String SOP_CLASS_UID = "DmaskSOPClassUID";
    public static final String SOP_INSTANCE_UID = "DmaskSOPInstanceUID";
    public static final String TRANSFER_SYNTAX_UID = "DmaskTransferSyntaxUID";
    /** How the object came in: dimse, stow-rs, drop-folder. */
    public static final String VIA = "DmaskVia";
    /** Set by a target's producer on success when a fallback was taken: a few words for the delivery's log line. */
    public static final String NOTE = "DmaskNote";

    private DicomHeaders() {
    }
}
