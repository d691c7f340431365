package org.dmask.dimse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Cuts one DIMSE message part (command or data set) into P-DATA-TF PDUs of at most the peer's maximum PDU length,
 * one PDV per PDU. A full buffer is sent only when more bytes follow, so the last PDV always carries the "last"
 * flag with at least one byte (or none, for an empty message).
 */
final class PdvOutputStream extends OutputStream {

    private final OutputStream out;
    private final int contextId;
    private final boolean command;
    private final byte[] buf;
    private int count;
    private boolean closed;

    PdvOutputStream(OutputStream out, int contextId, boolean command, int maxPduLength) {
        this.out = out;
        this.contextId = contextId;
        this.command = command;
        // PDU body = 4 bytes item length + context ID + control header + fragment.
        this.buf = new byte[maxPduLength - 6];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == buf.length) {
                emit(false);
            }
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    private void emit(boolean last) throws IOException {
        int pdvLength = count + 2;
        int pduLength = pdvLength + 4;
        byte[] h = {
            PduCodec.P_DATA_TF, 0,
            (byte) (pduLength >>> 24), (byte) (pduLength >>> 16), (byte) (pduLength >>> 8), (byte) pduLength,
            (byte) (pdvLength >>> 24), (byte) (pdvLength >>> 16), (byte) (pdvLength >>> 8), (byte) pdvLength,
            (byte) contextId, (byte) ((command ? 1 : 0) | (last ? 2 : 0))};
        out.write(h);
        out.write(buf, 0, count);
        count = 0;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            emit(true);
        }
    }
}
