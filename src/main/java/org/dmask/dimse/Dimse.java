package org.dmask.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.DicomParseException;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;

/**
 * DIMSE command sets (PS3.7 §9.3, Annex E): the group 0000 tags with their VRs, the command field values, and
 * encoding/decoding in implicit VR little endian with (0000,0000) Command Group Length in front.
 */
public final class Dimse {

    public static final int CommandGroupLength = 0x00000000;
    public static final int AffectedSOPClassUID = 0x00000002;
    public static final int CommandField = 0x00000100;
    public static final int MessageID = 0x00000110;
    public static final int MessageIDBeingRespondedTo = 0x00000120;
    public static final int MoveDestination = 0x00000600;
    public static final int Priority = 0x00000700;
    public static final int CommandDataSetType = 0x00000800;
    public static final int Status = 0x00000900;
    public static final int OffendingElement = 0x00000901;
    public static final int ErrorComment = 0x00000902;
    public static final int ErrorID = 0x00000903;
    public static final int AffectedSOPInstanceUID = 0x00001000;
    public static final int MoveOriginatorApplicationEntityTitle = 0x00001030;
    public static final int MoveOriginatorMessageID = 0x00001031;

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int C_CANCEL_RQ = 0x0FFF;

    /** (0000,0800) value meaning "no data set follows"; any other value means one does. */
    public static final int NO_DATA_SET = 0x0101;
    public static final int DATA_SET_PRESENT = 0x0000;

    /** Largest command set we accept; real ones are a few hundred bytes. */
    public static final int MAX_COMMAND_LENGTH = 64 * 1024;

    private static final Map<Integer, VR> VRS = Map.ofEntries(
            Map.entry(CommandGroupLength, VR.UL), Map.entry(AffectedSOPClassUID, VR.UI),
            Map.entry(0x00000003, VR.UI), Map.entry(CommandField, VR.US), Map.entry(MessageID, VR.US),
            Map.entry(MessageIDBeingRespondedTo, VR.US), Map.entry(MoveDestination, VR.AE),
            Map.entry(Priority, VR.US), Map.entry(CommandDataSetType, VR.US), Map.entry(Status, VR.US),
            Map.entry(OffendingElement, VR.AT), Map.entry(ErrorComment, VR.LO), Map.entry(ErrorID, VR.US),
            Map.entry(AffectedSOPInstanceUID, VR.UI), Map.entry(0x00001001, VR.UI), Map.entry(0x00001002, VR.US),
            Map.entry(0x00001005, VR.AT), Map.entry(0x00001008, VR.US),
            Map.entry(0x00001020, VR.US), Map.entry(0x00001021, VR.US), Map.entry(0x00001022, VR.US),
            Map.entry(0x00001023, VR.US), Map.entry(MoveOriginatorApplicationEntityTitle, VR.AE),
            Map.entry(MoveOriginatorMessageID, VR.US));

    private Dimse() {
    }

    public static boolean isResponse(int commandField) {
        return (commandField & 0x8000) != 0;
    }

    public static String commandName(int field) {
        return switch (field) {
            case C_STORE_RQ -> "C-STORE-RQ";
            case C_STORE_RSP -> "C-STORE-RSP";
            case C_ECHO_RQ -> "C-ECHO-RQ";
            case C_ECHO_RSP -> "C-ECHO-RSP";
            case 0x0020 -> "C-FIND-RQ";
            case 0x0010 -> "C-GET-RQ";
            case 0x0021 -> "C-MOVE-RQ";
            case C_CANCEL_RQ -> "C-CANCEL-RQ";
            default -> String.format("command 0x%04X", field);
        };
    }

    public static Attributes cEchoRQ(int messageId) {
        Attributes c = command(C_ECHO_RQ, org.dmask.dicom.UID.VerificationSOPClass, NO_DATA_SET);
        c.setInt(MessageID, VR.US, messageId);
        return c;
    }

    public static Attributes cStoreRQ(int messageId, String cuid, String iuid, int priority, String moveOriginatorAET,
            int moveOriginatorMessageId) {
        Attributes c = command(C_STORE_RQ, cuid, DATA_SET_PRESENT);
        c.setInt(MessageID, VR.US, messageId);
        c.setInt(Priority, VR.US, priority);
        c.setString(AffectedSOPInstanceUID, VR.UI, iuid);
        if (moveOriginatorAET != null) {
            c.setString(MoveOriginatorApplicationEntityTitle, VR.AE, moveOriginatorAET);
            c.setInt(MoveOriginatorMessageID, VR.US, moveOriginatorMessageId);
        }
        return c;
    }

    /** The response to a request: same SOP class (and instance, when the request had one). */
    public static Attributes response(Attributes rq, int status, String errorComment) {
        int field = rq.getInt(CommandField, 0) | 0x8000;
        Attributes c = command(field, rq.getString(AffectedSOPClassUID), NO_DATA_SET);
        c.setInt(MessageIDBeingRespondedTo, VR.US, rq.getInt(MessageID, 0));
        c.setInt(Status, VR.US, status);
        String iuid = rq.getString(AffectedSOPInstanceUID);
        if (iuid != null) {
            c.setString(AffectedSOPInstanceUID, VR.UI, iuid);
        }
        if (errorComment != null && !errorComment.isEmpty()) {
            // LO holds 64 characters.
            c.setString(ErrorComment, VR.LO, errorComment.length() > 64 ? errorComment.substring(0, 64) : errorComment);
        }
        return c;
    }

    private static Attributes command(int field, String cuid, int dataSetType) {
        Attributes c = new Attributes(false, 12);
        if (cuid != null) {
            c.setString(AffectedSOPClassUID, VR.UI, cuid);
        }
        c.setInt(CommandField, VR.US, field);
        c.setInt(CommandDataSetType, VR.US, dataSetType);
        return c;
    }

    public static boolean hasDataSet(Attributes cmd) {
        return cmd.getInt(CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
    }

    /** Implicit VR little endian, Command Group Length first. */
    public static byte[] encode(Attributes cmd) throws IOException {
        Attributes body = new Attributes(false, cmd.size());
        for (int i = 0; i < cmd.size(); i++) {
            if (cmd.tagAt(i) != CommandGroupLength) {
                body.setValue(cmd.tagAt(i), cmd.vrAt(i), cmd.valueAt(i));
            }
        }
        ByteArrayOutputStream elements = new ByteArrayOutputStream(256);
        try (DicomOutputStream dos = new DicomOutputStream(elements)) {
            dos.writeDataset(body, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        }
        int n = elements.size();
        ByteArrayOutputStream all = new ByteArrayOutputStream(n + 12);
        all.writeBytes(new byte[] {0, 0, 0, 0, 4, 0, 0, 0, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16),
                (byte) (n >>> 24)});
        elements.writeTo(all);
        return all.toByteArray();
    }

    /** Decodes a command set; only group 0000 elements are allowed, and (0000,0100) must be present. */
    public static Attributes decode(byte[] bytes) throws DimseException {
        Attributes raw;
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, DicomInputStream.Options.defaults())) {
            raw = in.readDataset();
        } catch (DicomParseException e) {
            throw new DimseException("command set cannot be parsed: " + e.getMessage());
        } catch (IOException e) {
            throw new DimseException("command set cannot be read: " + e.getMessage());
        }
        Attributes cmd = new Attributes(false, raw.size());
        for (int i = 0; i < raw.size(); i++) {
            int tag = raw.tagAt(i);
            if ((tag >>> 16) != 0 || !(raw.valueAt(i) instanceof byte[] value)) {
                throw new DimseException(String.format("command set holds (%04X,%04X), which is not a command element",
                        tag >>> 16, tag & 0xFFFF));
            }
            cmd.setValue(tag, VRS.getOrDefault(tag, VR.UN), value);
        }
        if (cmd.getInt(CommandField, -1) < 0) {
            throw new DimseException("command set has no (0000,0100) Command Field");
        }
        return cmd;
    }
}
