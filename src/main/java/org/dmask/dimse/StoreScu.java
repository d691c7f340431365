package org.dmask.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;

/**
 * C-STORE and C-ECHO SCU. Files go over as few associations as possible: one presentation context per (SOP class,
 * transfer syntax), proposing the file's own transfer syntax first and, for native encodings, explicit and implicit
 * VR little endian as fallbacks. A file whose own syntax was accepted is streamed byte for byte from disk; otherwise
 * it is re-encoded into the accepted native syntax. Each file gets its own status.
 */
public final class StoreScu {

    /** Presentation context IDs are the odd numbers 1 to 255. */
    private static final int MAX_CONTEXTS = 128;

    /** Why a file was not sent, or NONE when it was (then the status says how it went). */
    public enum Failure {
        NONE(false),
        /** The file is not DICOM enough to send. */
        UNREADABLE(true),
        /** A-ASSOCIATE-RJ rejected-permanent: the peer will not talk to us as configured. */
        REJECTED_PERMANENT(true),
        /** A-ASSOCIATE-RJ rejected-transient (congestion, a limit): try later. */
        REJECTED_TRANSIENT(false),
        /** The peer refused the SOP class (abstract syntax not supported, or a user rejection). */
        SOP_CLASS_NOT_ACCEPTED(true),
        /** The peer takes the SOP class but none of the transfer syntaxes proposed for this file. */
        TRANSFER_SYNTAX_NOT_ACCEPTED(true),
        /** No connection, a timeout, an abort or a broken association: try later. */
        LINK(false);

        private final boolean permanent;

        Failure(boolean permanent) {
            this.permanent = permanent;
        }
    }

    /**
     * The outcome for one file: the DIMSE status, or -1 with a reason and the kind of failure when it was never sent
     * or the link failed.
     */
    public record Result(Path file, String sopInstanceUID, int status, String error, Failure failure) {

        /** A status from the peer, or a link failure (-1). */
        public Result(Path file, String sopInstanceUID, int status, String error) {
            this(file, sopInstanceUID, status, error, status < 0 ? Failure.LINK : Failure.NONE);
        }

        public boolean success() {
            return status == Status.SUCCESS;
        }

        public boolean warning() {
            return status >= 0 && Status.isWarning(status);
        }

        /**
         * Whether sending it again cannot succeed as things are: a refused association, SOP class or transfer syntax,
         * an unreadable file, or a failure status other than "out of resources" (A7xx).
         */
        public boolean permanent() {
            if (status >= 0) {
                return !success() && !warning() && (status & 0xFF00) != Status.OUT_OF_RESOURCES;
            }
            return failure.permanent;
        }

        @Override
        public String toString() {
            return (status < 0 ? "FAILED " + error : Status.describe(status) + (error != null ? " " + error : ""));
        }
    }

    /** What the file says about itself, and where its data set starts (-1: re-encode instead of streaming). */
    public record Instance(Path file, String cuid, String iuid, TransferSyntax ts, long datasetOffset) {
        List<String> proposal() {
            List<String> tss = new ArrayList<>(List.of(ts.uid()));
            if (!ts.encapsulated()) {
                for (String fallback : List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian)) {
                    if (!tss.contains(fallback)) {
                        tss.add(fallback);
                    }
                }
            }
            return tss;
        }
    }

    private final ScuSettings settings;

    public StoreScu(ScuSettings settings) {
        this.settings = settings;
    }

    /** Opens an association proposing these contexts. */
    public Association open(List<PresentationContext> contexts) throws IOException {
        AAssociateRQAC rq = new AAssociateRQAC(true).calledAET(settings.calledAET()).callingAET(settings.callingAET());
        contexts.forEach(rq::addPresentationContext);
        rq.asyncOpsWindow(1, 1);
        if (settings.userIdentity() != null) {
            rq.userIdentity(settings.userIdentity());
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(settings.host(), settings.port()), settings.limits().artimMillis());
            if (settings.tls() != null) {
                s = Tls.client(s, settings.host(), settings.tls());
                s.setSoTimeout(settings.limits().artimMillis());
                ((javax.net.ssl.SSLSocket) s).startHandshake();
            }
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
                    e);
        }
        return Association.connect(s, rq, settings.limits());
    }

    /** C-ECHO; returns the status. */
    public int echo() throws IOException {
        Association as = open(List.of(PresentationContext.proposed(1, UID.VerificationSOPClass,
                List.of(UID.ImplicitVRLittleEndian))));
        try {
            if (as.acceptedContext(1) == null) {
                throw new AssociationException("peer did not accept the Verification SOP class");
            }
            int id = as.nextMessageId();
            as.send(1, Dimse.cEchoRQ(id), null);
            int status = as.readResponse(id).getInt(Dimse.Status, -1);
            as.release();
            return status;
        } finally {
            as.close();
        }
    }

    /** Sends every file; {@code progress} hears each result as it comes. Returns all results in order. */
    public List<Result> store(List<Path> files, Consumer<Result> progress) {
        List<Result> results = new ArrayList<>();
        List<Instance> batch = new ArrayList<>();
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (Path f : files) {
            Instance inst;
            try {
                inst = probe(f);
            } catch (IOException | RuntimeException e) {
                report(new Result(f, null, -1, "not sent: cannot read DICOM: " + e.getMessage(), Failure.UNREADABLE),
                        results, progress);
                continue;
            }
            String key = inst.cuid() + "|" + inst.ts().uid();
            if (!keys.containsKey(key) && keys.size() == MAX_CONTEXTS) {
                sendBatch(batch, results, progress);
                batch.clear();
                keys.clear();
            }
            keys.putIfAbsent(key, 2 * keys.size() + 1);
            batch.add(inst);
        }
        sendBatch(batch, results, progress);
        return results;
    }

    private static void report(Result r, List<Result> results, Consumer<Result> progress) {
        results.add(r);
        progress.accept(r);
    }

    private void sendBatch(List<Instance> batch, List<Result> results, Consumer<Result> progress) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, PresentationContext> contexts = new LinkedHashMap<>();
        for (Instance i : batch) {
            contexts.computeIfAbsent(i.cuid() + "|" + i.ts().uid(),
                    k -> PresentationContext.proposed(2 * contexts.size() + 1, i.cuid(), i.proposal()));
        }
        Association as;
        try {
            as = open(List.copyOf(contexts.values()));
        } catch (IOException e) {
            Failure why = Failure.LINK;
            if (e instanceof AssociationException ae && ae.rejection() != null) {
                why = ae.rejection().result() == AAssociateRJ.REJECTED_PERMANENT ? Failure.REJECTED_PERMANENT
                        : Failure.REJECTED_TRANSIENT;
            }
            for (Instance i : batch) {
                report(new Result(i.file(), i.iuid(), -1, "not sent: " + e.getMessage(), why), results, progress);
            }
            return;
        }
        int next = 0;
        try {
            for (; next < batch.size(); next++) {
                Instance i = batch.get(next);
                PresentationContext pc = contexts.get(i.cuid() + "|" + i.ts().uid());
                PresentationContext answer = as.acceptance().presentationContext(pc.id());
                if (answer == null || !answer.accepted()) {
                    Failure why = answer != null
                            && answer.result() == PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED
                            ? Failure.TRANSFER_SYNTAX_NOT_ACCEPTED : Failure.SOP_CLASS_NOT_ACCEPTED;
                    report(new Result(i.file(), i.iuid(), -1, "not sent: presentation context for "
                            + UID.nameOf(i.cuid()) + " in " + i.ts().name() + " not accepted ("
                            + (answer == null ? "no answer" : PresentationContext.resultText(answer.result())) + ")",
                            why), results, progress);
                    continue;
                }
                report(storeOne(as, pc.id(), TransferSyntax.of(answer.transferSyntax()), i), results, progress);
            }
            as.release();
        } catch (IOException e) {
            as.close();
            for (; next < batch.size(); next++) {
                Instance i = batch.get(next);
                report(new Result(i.file(), i.iuid(), -1, "association failed: " + e.getMessage()), results,
                        progress);
            }
        }
    }

    private Result storeOne(Association as, int pcid, TransferSyntax accepted, Instance i) throws IOException {
        int id = as.nextMessageId();
        Attributes rq = Dimse.cStoreRQ(id, i.cuid(), i.iuid(), 0, null, 0);
        boolean raw = accepted.uid().equals(i.ts().uid()) && i.datasetOffset() >= 0;
        as.send(pcid, rq, raw ? out -> copyRaw(i, out) : out -> reencode(i, accepted, out));
        Attributes rsp = as.readResponse(id);
        int status = rsp.getInt(Dimse.Status, -1);
        return new Result(i.file(), i.iuid(), status, rsp.getString(Dimse.ErrorComment));
    }

    private static void copyRaw(Instance i, OutputStream out) throws IOException {
        try (InputStream in = Files.newInputStream(i.file())) {
            in.skipNBytes(i.datasetOffset());
            in.transferTo(out);
        }
    }

    private static void reencode(Instance i, TransferSyntax ts, OutputStream out) throws IOException {
        Attributes ds;
        try (DicomInputStream in = new DicomInputStream(i.file())) {
            in.readFileMetaInformation();
            ds = in.readDataset();
        }
        try {
            DicomOutputStream dos = new DicomOutputStream(out);
            dos.writeDataset(ds, ts);
            dos.flush();
        } finally {
            ds.disposeBulkData();
        }
    }

    /** Reads the meta group (or, without one, the data set) for SOP class, instance and transfer syntax. */
    public static Instance probe(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            Attributes fmi = in.readFileMetaInformation();
            String cuid = fmi == null ? null : fmi.getString(Tag.MediaStorageSOPClassUID);
            String iuid = fmi == null ? null : fmi.getString(Tag.MediaStorageSOPInstanceUID);
            TransferSyntax ts = in.transferSyntax();
            long offset = fmi != null ? datasetOffset(file) : -1;
            // The command must name what the data set says (a meta group can disagree); large values stay on disk.
            Attributes ds = in.readDataset();
            cuid = ds.getString(Tag.SOPClassUID, cuid);
            iuid = ds.getString(Tag.SOPInstanceUID, iuid);
            ds.disposeBulkData();
            if (cuid == null || iuid == null) {
                throw new IOException("no SOP Class UID or SOP Instance UID");
            }
            return new Instance(file, cuid, iuid, ts, offset);
        }
    }

    /** Offset of the data set after preamble and meta group, from (0002,0000); -1 when that is missing. */
    public static long datasetOffset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(144);
            int start;
            if (head.length >= 144 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
                start = 132;
            } else {
                return -1;
            }
            ByteBuffer bb = ByteBuffer.wrap(head, start, 12).order(ByteOrder.LITTLE_ENDIAN);
            if (bb.getShort() != 2 || bb.getShort() != 0 || bb.get() != 'U' || bb.get() != 'L' || bb.getShort() != 4) {
                return -1;
            }
            return start + 12 + (bb.getInt() & 0xFFFFFFFFL);
        }
    }
}
