package org.dmask.dimse;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The receiving twin of {@link PdvOutputStream}: reads P-DATA-TF PDUs as a sequence of PDVs (PS3.8 §9.3.5) and
 * reassembles DIMSE message parts from them, a command set into memory and a data set as a stream. Every PDV is
 * checked against what is left of its PDU and against the accepted presentation contexts; what does not fit is a
 * {@link PduException}, which the association answers with an A-ABORT.
 */
final class PdvInputStream {

    /** What the association does between PDVs: read PDUs until a P-DATA-TF, and say which contexts it accepted. */
    interface Pdus {
        /** The next P-DATA-TF's length; -1 when the peer released the association instead (between messages). */
        int nextDataPdu(boolean releaseAllowed) throws IOException;

        boolean accepted(int contextId);
    }

    /** A command set's bytes and the presentation context they came on. */
    record Message(int contextId, byte[] bytes) {
    }

    private final DataInputStream in;
    private final Pdus pdus;
    private long pduRemaining;
    private long pdvRemaining;
    private int pdvContext;
    private boolean pdvCommand;
    private boolean pdvLast = true;

    PdvInputStream(DataInputStream in, Pdus pdus) {
        this.in = in;
        this.pdus = pdus;
    }

    /**
     * Advances to the next PDV, reading the next P-DATA-TF when the current one is used up. Returns false when the
     * peer released the association instead.
     */
    private boolean next(boolean releaseAllowed) throws IOException {
        if (pduRemaining == 0) {
            int length = pdus.nextDataPdu(releaseAllowed);
            if (length < 0) {
                return false;
            }
            if (length < 6) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "P-DATA-TF of " + length + " bytes holds no PDV");
            }
            pduRemaining = length;
        }
        if (pduRemaining < 6) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, pduRemaining + " stray bytes in a P-DATA-TF");
        }
        long itemLength;
        int context;
        int header;
        try {
            itemLength = in.readInt() & 0xFFFFFFFFL;
            context = in.readUnsignedByte();
            header = in.readUnsignedByte();
        } catch (EOFException e) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "connection closed inside a PDV");
        }
        if (itemLength < 2 || itemLength + 4 > pduRemaining) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "PDV item length " + itemLength
                    + " does not fit the " + pduRemaining + " bytes left of its P-DATA-TF");
        }
        if ((header & ~0x03) != 0) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    String.format("PDV message control header 0x%02X has reserved bits set", header));
        }
        if (!pdus.accepted(context)) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                    "PDV on presentation context " + context + ", which is not accepted");
        }
        pduRemaining -= 4 + itemLength;
        pdvRemaining = itemLength - 2;
        pdvContext = context;
        pdvCommand = (header & 1) != 0;
        pdvLast = (header & 2) != 0;
        return true;
    }

    /** The next command set, reassembled from its PDVs; null when the peer released the association instead. */
    Message readCommand() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        int context = -1;
        do {
            if (!next(context < 0)) {
                return null;
            }
            if (!pdvCommand) {
                throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, "data PDV where a command PDV was expected");
            }
            if (context >= 0 && context != pdvContext) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "command fragments on presentation contexts " + context + " and " + pdvContext);
            }
            context = pdvContext;
            if (bytes.size() + pdvRemaining > Dimse.MAX_COMMAND_LENGTH) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE,
                        "command set longer than " + Dimse.MAX_COMMAND_LENGTH + " bytes");
            }
            byte[] b = new byte[(int) pdvRemaining];
            try {
                in.readFully(b);
            } catch (EOFException e) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "connection closed inside a PDV");
            }
            pdvRemaining = 0;
            bytes.writeBytes(b);
        } while (!pdvLast);
        return new Message(context, bytes.toByteArray());
    }

    /** The data set that follows a command on {@code contextId}, as a stream that ends with the PDV marked last. */
    InputStream dataSet(int contextId) {
        pdvRemaining = 0;
        pdvLast = false;
        return new InputStream() {
            private boolean started;

            private boolean ensure() throws IOException {
                while (pdvRemaining == 0) {
                    if (started && pdvLast) {
                        return false;
                    }
                    next(false);
                    started = true;
                    if (pdvCommand || pdvContext != contextId) {
                        throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, (pdvCommand ? "command PDV"
                                : "PDV on presentation context " + pdvContext) + " inside the data set on context "
                                + contextId);
                    }
                }
                return true;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!ensure()) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, pdvRemaining));
                if (n < 0) {
                    throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "connection closed inside a PDV");
                }
                pdvRemaining -= n;
                return n;
            }
        };
    }
}
