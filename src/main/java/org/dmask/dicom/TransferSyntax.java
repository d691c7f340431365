package org.dmask.dicom;

import java.util.Map;

/**
 * How a data set is encoded on the wire or in a file: VR explicit or implicit, byte order, deflate, and whether Pixel
 * Data is encapsulated. Every transfer syntax of PS3.6 Table A-1 is known; an unknown UID is treated as an explicit VR
 * little endian encapsulated syntax, as archives do, so that its data set can still be read and passed on.
 */
public record TransferSyntax(String uid, boolean explicitVR, boolean bigEndian, boolean deflated,
        boolean encapsulated, boolean known) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(UID.ImplicitVRLittleEndian, false, false, false, false, true);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(UID.ExplicitVRLittleEndian, true, false, false, false, true);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            new TransferSyntax(UID.ExplicitVRBigEndian, true, true, false, false, true);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            new TransferSyntax(UID.DeflatedExplicitVRLittleEndian, true, false, true, false, true);

    private static final Map<String, TransferSyntax> NATIVE = Map.of(
            IMPLICIT_VR_LITTLE_ENDIAN.uid, IMPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_LITTLE_ENDIAN.uid, EXPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_BIG_ENDIAN.uid, EXPLICIT_VR_BIG_ENDIAN,
            DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);

    /** The transfer syntax for a UID; never null. */
    public static TransferSyntax of(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("transfer syntax UID is empty");
        }
        TransferSyntax ts = NATIVE.get(uid);
        if (ts != null) {
            return ts;
        }
        boolean known = UID.isTransferSyntax(uid);
        // Deflated Image Frame Compression deflates frames, not the data set: it is encapsulated like the others.
        return new TransferSyntax(uid, true, false, false, true, known);
    }

    public String name() {
        return known ? UID.nameOf(uid) : "unknown transfer syntax " + uid;
    }

    /** Video transfer syntaxes (MPEG-2, MPEG-4 AVC/H.264, HEVC/H.265), in which the whole stream is the pixel data. */
    public boolean isVideo() {
        return uid.startsWith("1.2.840.10008.1.2.4.10");
    }
}
