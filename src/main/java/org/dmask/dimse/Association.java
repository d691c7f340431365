package org.dmask.dimse;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.dmask.dicom.Attributes;
import org.jboss.logging.Logger;

/**
 * One DICOM association over a socket (PS3.8): the PDU layer, PDV fragmentation and reassembly, and DIMSE message
 * exchange. Requestors use {@link #connect}; acceptors {@link #readRequest}, then {@link #accept} or {@link #reject}.
 * Every protocol violation ends in an A-ABORT (see {@link #abort}) and a closed socket.
 */
public final class Association implements Closeable {

    private static final Logger LOG = Logger.getLogger(Association.class);

    /** Largest A-ASSOCIATE-RQ/AC we read (128 contexts with many transfer syntaxes fit in well under this). */
    static final int MAX_ASSOCIATE_PDU_LENGTH = 256 * 1024;
    /** PDU length we use when the peer says 0 (no limit). */
    private static final int UNLIMITED_PEER_PDU = 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final boolean requestor;
    private final AssociationLimits limits;
    private AAssociateRQAC rq;
    private AAssociateRQAC ac;
    private int maxPduSend;
    private boolean closed;
    private int nextMessageId = 1;

    /** Incoming P-DATA-TF, PDV by PDV. */
    private final PdvInputStream pdvs;

    private Association(Socket socket, boolean requestor, AssociationLimits limits) throws IOException {
        this.socket = socket;
        this.requestor = requestor;
        this.limits = limits;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.pdvs = new PdvInputStream(in, new PdvInputStream.Pdus() {
            @Override
            public int nextDataPdu(boolean releaseAllowed) throws IOException {
                return Association.this.nextDataPdu(releaseAllowed);
            }

            @Override
            public boolean accepted(int contextId) {
                return acceptedContext(contextId) != null;
            }
        });
    }

    // ------------------------------------------------------------------ establishment

    /** Requestor: sends the A-ASSOCIATE-RQ and waits (ARTIM) for AC or RJ. The socket is closed on failure. */
    public static Association connect(Socket socket, AAssociateRQAC rq, AssociationLimits limits) throws IOException {
        Association as = new Association(socket, true, limits);
        try {
            rq.maxPduLength(limits.maxPduLength());
            as.rq = rq;
            as.write(PduCodec.encode(rq));
            socket.setSoTimeout(limits.artimMillis());
            int type = as.readPduHeader("waiting for A-ASSOCIATE-AC");
            switch (type) {
                case PduCodec.A_ASSOCIATE_AC -> {
                    as.ac = PduCodec.decodeAssociate(as.readBody(MAX_ASSOCIATE_PDU_LENGTH), false);
                    as.maxPduSend = peerLimit(as.ac.maxPduLength());
                    socket.setSoTimeout(limits.idleMillis());
                    return as;
                }
                case PduCodec.A_ASSOCIATE_RJ -> {
                    AAssociateRJ rj = PduCodec.decodeReject(as.readBody(4));
                    as.closeQuietly();
                    throw new AssociationException(rj.toString(), rj, null);
                }
                case PduCodec.A_ABORT -> {
                    AAbort ab = PduCodec.decodeAbort(as.readBody(4));
                    as.closeQuietly();
                    throw new AssociationException("association aborted by peer: " + ab, null, ab);
                }
                default -> throw new PduException(AAbort.UNEXPECTED_PDU,
                        PduCodec.typeName(type) + " where A-ASSOCIATE-AC/RJ was expected");
            }
        } catch (PduException e) {
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, e.abortReason()));
            throw e;
        } catch (IOException | RuntimeException e) {
            as.closeQuietly();
            throw e;
        }
    }

    /**
     * Acceptor: reads the A-ASSOCIATE-RQ within the ARTIM time. A malformed or unexpected PDU is answered with an
     * A-ABORT and the socket closed before the exception is thrown.
     */
    public static Association readRequest(Socket socket, AssociationLimits limits) throws IOException {
        return readRequest(socket, limits, limits.artimMillis());
    }

    /** @param timeoutMillis the longest wait for each read of the A-ASSOCIATE-RQ */
    static Association readRequest(Socket socket, AssociationLimits limits, int timeoutMillis) throws IOException {
        Association as = new Association(socket, false, limits);
        try {
            socket.setSoTimeout(timeoutMillis);
            int type = as.readPduHeader("waiting for A-ASSOCIATE-RQ");
            if (type != PduCodec.A_ASSOCIATE_RQ) {
                throw new PduException(AAbort.UNEXPECTED_PDU,
                        PduCodec.typeName(type) + " where A-ASSOCIATE-RQ was expected");
            }
            as.rq = PduCodec.decodeAssociate(as.readBody(MAX_ASSOCIATE_PDU_LENGTH), true);
            return as;
        } catch (PduException e) {
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, e.abortReason()));
            throw e;
        } catch (IOException | RuntimeException e) {
            // Timeout or a transport failure: tell the peer, as far as it still listens.
            as.abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.REASON_NOT_SPECIFIED));
            throw e;
        }
    }

    public void accept(AAssociateRQAC ac) throws IOException {
        ac.maxPduLength(limits.maxPduLength());
        this.ac = ac;
        this.maxPduSend = peerLimit(rq.maxPduLength());
        write(PduCodec.encode(ac));
        socket.setSoTimeout(limits.idleMillis());
    }

    /** Sends A-ASSOCIATE-RJ and closes, after giving the peer the ARTIM time to close first. */
    public void reject(AAssociateRJ rj) {
        try {
            write(PduCodec.encode(rj));
        } catch (IOException e) {
            LOG.debugf("cannot send %s: %s", rj, e.getMessage());
        }
        awaitPeerCloseThenClose();
    }

    private static int peerLimit(long announced) {
        if (announced == 0 || announced > UNLIMITED_PEER_PDU) {
            return UNLIMITED_PEER_PDU;
        }
        return (int) Math.max(announced, 16);
    }

    // ------------------------------------------------------------------ accessors

    public AAssociateRQAC request() {
        return rq;
    }

    public AAssociateRQAC acceptance() {
        return ac;
    }

    public Socket socket() {
        return socket;
    }

    public String callingAET() {
        return rq.callingAET();
    }

    public String calledAET() {
        return rq.calledAET();
    }

    /** The largest PDU we send (what the peer said it receives). */
    public int maxPduSend() {
        return maxPduSend;
    }

    public boolean isRequestor() {
        return requestor;
    }

    public synchronized int nextMessageId() {
        int id = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return id;
    }

    /** The accepted presentation context with this ID, or null. */
    public PresentationContext acceptedContext(int id) {
        PresentationContext pc = ac == null ? null : ac.presentationContext(id);
        return pc != null && pc.accepted() ? pc : null;
    }

    /** The abstract syntax proposed for a presentation context ID (the AC does not repeat it). */
    public String abstractSyntax(int id) {
        PresentationContext pc = rq.presentationContext(id);
        return pc == null ? null : pc.abstractSyntax();
    }

    // ------------------------------------------------------------------ PDU reading

    private int pduLength;

    /** Reads a PDU header; checks the type is known and the length is within this state's limit. */
    private int readPduHeader(String state) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("peer closed the connection while " + state);
        }
        in.readUnsignedByte();
        long length = in.readInt() & 0xFFFFFFFFL;
        long limit = switch (type) {
            case PduCodec.A_ASSOCIATE_RQ, PduCodec.A_ASSOCIATE_AC -> MAX_ASSOCIATE_PDU_LENGTH;
            case PduCodec.P_DATA_TF -> limits.maxPduLength();
            case PduCodec.A_ASSOCIATE_RJ, PduCodec.A_RELEASE_RQ, PduCodec.A_RELEASE_RP, PduCodec.A_ABORT -> 4;
            default -> throw new PduException(AAbort.UNRECOGNIZED_PDU,
                    String.format("unrecognized PDU type 0x%02X while %s", type, state));
        };
        if (length > limit || (limit == 4 && length != 4)) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, PduCodec.typeName(type) + " of length " + length
                    + (limit == 4 ? " (must be 4)" : " exceeds the limit of " + limit));
        }
        pduLength = (int) length;
        return type;
    }

    private byte[] readBody(int max) throws IOException {
        if (pduLength > max) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "PDU of " + pduLength + " bytes is too long");
        }
        byte[] b = new byte[pduLength];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "connection closed inside a PDU");
        }
        return b;
    }

    /**
     * Reads PDUs until a P-DATA-TF, whose length it returns; -1 when the peer asked for release instead (acceptor
     * only, between messages; the A-RELEASE-RP has been sent and the socket closed). An abort or any other PDU ends
     * the association with an exception.
     */
    private int nextDataPdu(boolean releaseAllowed) throws IOException {
        int type;
        try {
            type = readPduHeader("associated");
        } catch (SocketTimeoutException e) {
            throw new AssociationException("idle for " + limits.idle().toSeconds() + " s; aborting");
        }
        switch (type) {
            case PduCodec.P_DATA_TF -> {
                return pduLength;
            }
            case PduCodec.A_RELEASE_RQ -> {
                readBody(4);
                if (!releaseAllowed || requestor) {
                    throw new PduException(AAbort.UNEXPECTED_PDU, "A-RELEASE-RQ in the middle of a message");
                }
                write(PduCodec.releaseRP());
                awaitPeerCloseThenClose();
                return -1;
            }
            case PduCodec.A_ABORT -> {
                AAbort ab = PduCodec.decodeAbort(readBody(4));
                closeQuietly();
                throw new AssociationException("association aborted by peer: " + ab, null, ab);
            }
            default -> throw new PduException(AAbort.UNEXPECTED_PDU, PduCodec.typeName(type) + " while associated");
        }
    }

    // ------------------------------------------------------------------ DIMSE

    /** A command set and the presentation context it came on. */
    public record Command(int contextId, Attributes attributes) {
    }

    /**
     * Reads the next DIMSE command. Returns null when the peer released the association (acceptor) - the release
     * has been answered and the socket closed.
     */
    public Command readCommand() throws IOException {
        PdvInputStream.Message m = pdvs.readCommand();
        if (m == null) {
            return null;
        }
        try {
            return new Command(m.contextId(), Dimse.decode(m.bytes()));
        } catch (DimseException e) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, e.getMessage());
        }
    }

    /**
     * The data set that follows a command on presentation context {@code contextId}, as a stream that ends with the
     * PDV marked last. Fragments on another context or command fragments abort the association (PduException).
     */
    public InputStream openDataSet(int contextId) {
        return pdvs.dataSet(contextId);
    }

    /** Writes a data set's bytes into PDVs; called by {@link #send}. */
    @FunctionalInterface
    public interface DataWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Sends a command and, if {@code data} is not null, its data set, fragmented to the peer's maximum PDU length. */
    public synchronized void send(int contextId, Attributes command, DataWriter data) throws IOException {
        try (PdvOutputStream cmd = new PdvOutputStream(out, contextId, true, maxPduSend)) {
            cmd.write(Dimse.encode(command));
        }
        if (data != null) {
            try (PdvOutputStream ds = new PdvOutputStream(out, contextId, false, maxPduSend)) {
                data.writeTo(ds);
            }
        }
        out.flush();
    }

    /** Requestor: reads the response to a request (skipping nothing: one outstanding operation at a time). */
    public Attributes readResponse(int messageId) throws IOException {
        Command rsp = readCommand();
        if (rsp == null) {
            throw new AssociationException("peer released while a response was outstanding");
        }
        Attributes c = rsp.attributes();
        if (!Dimse.isResponse(c.getInt(Dimse.CommandField, 0))
                || c.getInt(Dimse.MessageIDBeingRespondedTo, -1) != messageId) {
            throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, "expected the response to message " + messageId
                    + ", got " + Dimse.commandName(c.getInt(Dimse.CommandField, 0)));
        }
        if (Dimse.hasDataSet(c)) {
            openDataSet(rsp.contextId()).transferTo(OutputStream.nullOutputStream());
        }
        return c;
    }

    // ------------------------------------------------------------------ release and abort

    /** Requestor: A-RELEASE-RQ, wait (ARTIM) for A-RELEASE-RP, close. */
    public void release() throws IOException {
        try {
            write(PduCodec.releaseRQ());
            socket.setSoTimeout(limits.artimMillis());
            while (true) {
                int type = readPduHeader("waiting for A-RELEASE-RP");
                byte[] body = readBody(type == PduCodec.P_DATA_TF ? limits.maxPduLength() : 4);
                if (type == PduCodec.A_RELEASE_RP) {
                    break;
                }
                if (type == PduCodec.A_ABORT) {
                    throw new AssociationException("aborted by peer during release: " + PduCodec.decodeAbort(body));
                }
                if (type != PduCodec.P_DATA_TF) {
                    throw new PduException(AAbort.UNEXPECTED_PDU, PduCodec.typeName(type) + " during release");
                }
            }
        } catch (PduException e) {
            abort(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, e.abortReason()));
            throw e;
        } finally {
            closeQuietly();
        }
    }

    /** Sends an A-ABORT (best effort), then closes after the peer closes or ARTIM expires. */
    public void abort(AAbort abort) {
        if (closed) {
            return;
        }
        try {
            write(PduCodec.encode(abort));
        } catch (IOException e) {
            LOG.debugf("cannot send %s: %s", abort, e.getMessage());
        }
        awaitPeerCloseThenClose();
    }

    private void awaitPeerCloseThenClose() {
        if (closed) {
            return;
        }
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(Math.min(limits.artimMillis(), 2000));
            byte[] skip = new byte[8192];
            long budget = 1024 * 1024;
            // Drain what the peer still sends until it closes; bounded in bytes and time.
            while (budget > 0) {
                int n = in.read(skip);
                if (n < 0) {
                    break;
                }
                budget -= n;
            }
        } catch (IOException e) {
            // timeout or reset: close anyway
        }
        closeQuietly();
    }

    private synchronized void write(byte[] pdu) throws IOException {
        out.write(pdu);
        out.flush();
    }

    public boolean isClosed() {
        return closed;
    }

    void closeQuietly() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
