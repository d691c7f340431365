package org.dmask.dimse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.DicomParseException;
import org.dmask.dicom.Tag;
import org.dmask.dicom.VR;
import org.jboss.logging.Logger;

/**
 * C-STORE SCP with durable receipt: the data set streams from the PDVs into a ".part" file behind a File Meta
 * Information group, is fsynced, parsed back to check that it is DICOM and that its SOP class and instance are those
 * of the command, and only then renamed to its final name and acknowledged. Failures answer A700 (could not store),
 * A900 (data set does not match the command) or C000 (cannot understand), and leave no file behind.
 */
final class CStoreHandler {

    private static final Logger LOG = Logger.getLogger(CStoreHandler.class);
    /** Per association thread, reused: a small object is received, written and checked without new buffers. */
    private static final int BUFFER_SIZE = 128 * 1024;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    private final DicomSpool spool;
    private final long maxObjectSize;
    private final Consumer<ReceivedObject> listener;

    CStoreHandler(DicomSpool spool, long maxObjectSize, Consumer<ReceivedObject> listener) {
        this.spool = spool;
        this.maxObjectSize = maxObjectSize;
        this.listener = listener;
    }

    void handle(Association as, Association.Command cmd) throws IOException {
        Attributes rq = cmd.attributes();
        int pcid = cmd.contextId();
        String cuid = rq.getString(Dimse.AffectedSOPClassUID);
        String iuid = rq.getString(Dimse.AffectedSOPInstanceUID);
        if (!Dimse.hasDataSet(rq)) {
            respond(as, pcid, rq, Status.CANNOT_UNDERSTAND, "C-STORE-RQ without a data set");
            return;
        }
        InputStream data = as.openDataSet(pcid);
        if (cuid == null || iuid == null) {
            data.transferTo(OutputStream.nullOutputStream());
            respond(as, pcid, rq, Status.CANNOT_UNDERSTAND, "no Affected SOP Class/Instance UID");
            return;
        }
        if (!cuid.equals(as.abstractSyntax(pcid))) {
            data.transferTo(OutputStream.nullOutputStream());
            respond(as, pcid, rq, Status.SOP_CLASS_NOT_SUPPORTED,
                    "SOP class differs from the presentation context's");
            return;
        }
        String tsuid = as.acceptedContext(pcid).transferSyntax();
        DicomSpool.Part part;
        try {
            part = spool.create(iuid);
        } catch (IOException e) {
            data.transferTo(OutputStream.nullOutputStream());
            LOG.errorf("cannot create a spool file for %s: %s", iuid, e.getMessage());
            respond(as, pcid, rq, Status.OUT_OF_RESOURCES, "cannot create spool file");
            return;
        }
        boolean committed = false;
        try {
            Attributes fmi = DicomOutputStream.createFileMetaInformation(cuid, iuid, tsuid);
            fmi.setString(Tag.SourceApplicationEntityTitle, VR.AE, as.callingAET());
            fmi.setString(Tag.SendingApplicationEntityTitle, VR.AE, as.callingAET());
            fmi.setString(Tag.ReceivingApplicationEntityTitle, VR.AE, as.calledAET());
            long[] length = new long[1];
            byte[][] whole = new byte[1][];
            IOException writeFailure = receive(data, part, fmi, length, whole);
            if (writeFailure != null) {
                LOG.errorf("cannot write %s to the spool: %s", iuid, writeFailure.getMessage());
                respond(as, pcid, rq, Status.OUT_OF_RESOURCES, "cannot write to spool: " + writeFailure.getMessage());
                return;
            }
            String mismatch = checkDataSet(part, whole[0], cuid, iuid);
            if (mismatch != null) {
                int status = mismatch.startsWith("cannot parse") ? Status.CANNOT_UNDERSTAND
                        : mismatch.startsWith("cannot") ? Status.OUT_OF_RESOURCES
                        : Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS;
                LOG.warnf("C-STORE of %s from %s refused: %s", iuid, as.callingAET(), mismatch);
                respond(as, pcid, rq, status, mismatch);
                return;
            }
            java.nio.file.Path file;
            try {
                file = part.commit();
            } catch (IOException e) {
                LOG.errorf("cannot commit %s to the spool: %s", iuid, e.getMessage());
                respond(as, pcid, rq, Status.OUT_OF_RESOURCES, "cannot commit to spool");
                return;
            }
            committed = true;
            respond(as, pcid, rq, Status.SUCCESS, null);
            listener.accept(new ReceivedObject(file, cuid, iuid, tsuid, as.callingAET(), as.calledAET(),
                    as.socket().getInetAddress().getHostAddress(), length[0],
                    rq.getString(Dimse.MoveOriginatorApplicationEntityTitle),
                    rq.getInt(Dimse.MoveOriginatorMessageID, -1)));
        } finally {
            if (!committed) {
                part.discard();
            }
        }
    }

    /**
     * Copies the data set into the part file through this thread's buffer. Network and protocol failures propagate
     * (the association ends); a local write failure is returned, after the rest of the data set has been read and
     * dropped. {@code whole[0]} is set to the file's bytes when the whole file fitted in the buffer (then the check
     * parses it from memory), else null.
     */
    private IOException receive(InputStream data, DicomSpool.Part part, Attributes fmi, long[] length,
            byte[][] whole) throws IOException {
        IOException writeFailure = null;
        byte[] buf = BUFFER.get();
        java.io.ByteArrayOutputStream meta = new java.io.ByteArrayOutputStream(512);
        DicomOutputStream dos = new DicomOutputStream(new BufferedOutputStream(meta, 512));
        dos.writeFileMetaInformation(fmi);
        dos.flush();
        int fill = meta.size();
        System.arraycopy(meta.toByteArray(), 0, buf, 0, fill);
        OutputStream file = part.output();
        boolean flushed = false;
        long total = 0;
        for (int n; (n = data.read(buf, fill, buf.length - fill)) > 0; ) {
            total += n;
            fill += n;
            if (total > maxObjectSize) {
                throw new AssociationException("data set larger than the limit of " + maxObjectSize + " bytes");
            }
            if (fill == buf.length) {
                if (writeFailure == null) {
                    try {
                        file.write(buf, 0, fill);
                    } catch (IOException e) {
                        writeFailure = e;
                    }
                }
                flushed = true;
                fill = 0;
            }
        }
        length[0] = total;
        if (writeFailure == null) {
            try {
                file.write(buf, 0, fill);
                part.sync();
            } catch (IOException e) {
                writeFailure = e;
            }
        }
        whole[0] = flushed ? null : java.util.Arrays.copyOf(buf, fill);
        return writeFailure;
    }

    /** Null when the data set parses and names the command's SOP class and instance; else what is wrong. */
    private static String checkDataSet(DicomSpool.Part part, byte[] whole, String cuid, String iuid) {
        Attributes ds = null;
        try (DicomInputStream in = whole != null
                ? new DicomInputStream(new java.io.ByteArrayInputStream(whole),
                        DicomInputStream.Options.defaults().withBulkDataThreshold(BUFFER_SIZE))
                : new DicomInputStream(part.path())) {
            in.readFileMetaInformation();
            ds = in.readDataset();
            String dsCuid = ds.getString(Tag.SOPClassUID);
            String dsIuid = ds.getString(Tag.SOPInstanceUID);
            if (!cuid.equals(dsCuid)) {
                return "data set SOP Class UID " + dsCuid + " differs from the command's " + cuid;
            }
            if (!iuid.equals(dsIuid)) {
                return "data set SOP Instance UID " + dsIuid + " differs from the command's " + iuid;
            }
            return null;
        } catch (DicomParseException e) {
            return "cannot parse the data set: " + e.getMessage();
        } catch (IOException e) {
            return "cannot read back the data set: " + e.getMessage();
        } finally {
            if (ds != null) {
                try {
                    ds.disposeBulkData();
                } catch (IOException e) {
                    LOG.debugf("cannot delete reader spool: %s", e.getMessage());
                }
            }
        }
    }

    static void respond(Association as, int pcid, Attributes rq, int status, String comment) throws IOException {
        as.send(pcid, Dimse.response(rq, status, comment), null);
    }
}
