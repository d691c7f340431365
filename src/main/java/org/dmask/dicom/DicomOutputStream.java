package org.dmask.dicom;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writer of DICOM Part 10 files and bare data sets: preamble, a correct File Meta Information group, and the data set
 * in any native transfer syntax (implicit/explicit VR, little/big endian, deflated) or an encapsulated one. Values are
 * padded to even length, binary values are byte-swapped when the byte order changes, and bulk data is streamed through
 * from disk. Sequences and items are written with undefined lengths unless defined lengths are asked for.
 */
public final class DicomOutputStream implements Closeable {

    /** Our implementation class UID (a UUID-derived 2.25 UID) and version name, written into every file meta group. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.233405126880812398061262361806392466519";
    public static final String IMPLEMENTATION_VERSION_NAME = "DMASK_0.1";

    private final OutputStream sink;
    private OutputStream out;
    private Deflater deflater;
    private boolean undefinedLengths = true;
    private final byte[] header = new byte[12];

    public DicomOutputStream(OutputStream out) {
        this.sink = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 64 * 1024);
        this.out = sink;
    }

    /** Write sequences and items with defined lengths (computed) instead of undefined lengths with delimiters. */
    public DicomOutputStream withDefinedLengths(boolean defined) {
        this.undefinedLengths = !defined;
        return this;
    }

    /**
     * A File Meta Information group for a data set: version, SOP class and instance from the data set, the transfer
     * syntax, and our implementation UID and name. Source/sending AE titles of an existing group may be carried over
     * by the caller.
     */
    public static Attributes createFileMetaInformation(String sopClassUID, String sopInstanceUID, String tsuid) {
        Attributes fmi = new Attributes(false, 8);
        fmi.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        fmi.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUID == null ? "" : sopClassUID);
        fmi.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUID == null ? "" : sopInstanceUID);
        fmi.setString(Tag.TransferSyntaxUID, VR.UI, tsuid);
        fmi.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        fmi.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return fmi;
    }

    /** 128-byte preamble, "DICM", then the meta group in explicit VR little endian with its group length. */
    public void writeFileMetaInformation(Attributes fmi) throws IOException {
        out.write(new byte[128]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        long groupLength = 0;
        for (int i = 0; i < fmi.size(); i++) {
            if (fmi.tagAt(i) != Tag.FileMetaInformationGroupLength && Tags.isFileMeta(fmi.tagAt(i))) {
                groupLength += elementLength(fmi, i, true);
            }
        }
        writeHeader(Tag.FileMetaInformationGroupLength, VR.UL, 4, true, false);
        writeU32(groupLength, false);
        for (int i = 0; i < fmi.size(); i++) {
            if (fmi.tagAt(i) != Tag.FileMetaInformationGroupLength && Tags.isFileMeta(fmi.tagAt(i))) {
                writeElement(fmi, i, true, false);
            }
        }
    }

    /**
     * Writes a data set in a transfer syntax; deflated syntaxes compress everything after the meta group, and a
     * deflated stream of odd length gets one trailing zero byte (PS3.5 A.5), which peers need for an even PDV.
     */
    public void writeDataset(Attributes ds, TransferSyntax ts) throws IOException {
        CountingOutputStream deflated = null;
        if (ts.deflated()) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflated = new CountingOutputStream(sink);
            out = new DeflaterOutputStream(deflated, deflater, 64 * 1024);
        }
        try {
            writeItem(ds, ts.explicitVR(), ts.bigEndian(), ts.encapsulated());
            if (deflater != null) {
                ((DeflaterOutputStream) out).finish();
                if ((deflated.count & 1) != 0) {
                    sink.write(0);
                }
            }
        } finally {
            if (deflater != null) {
                deflater.end();
                deflater = null;
                out = sink;
            }
        }
        sink.flush();
    }

    /** Convenience: meta group (created from the data set when null) plus data set. */
    public void writeDicomFile(Attributes fmi, Attributes ds, TransferSyntax ts) throws IOException {
        Attributes meta = createFileMetaInformation(
                fmi != null ? fmi.getString(Tag.MediaStorageSOPClassUID, ds.getString(Tag.SOPClassUID))
                        : ds.getString(Tag.SOPClassUID),
                fmi != null ? fmi.getString(Tag.MediaStorageSOPInstanceUID, ds.getString(Tag.SOPInstanceUID))
                        : ds.getString(Tag.SOPInstanceUID),
                ts.uid());
        if (fmi != null) {
            for (int tag : new int[] {Tag.SourceApplicationEntityTitle, Tag.SendingApplicationEntityTitle,
                    Tag.ReceivingApplicationEntityTitle, Tag.PrivateInformationCreatorUID, Tag.PrivateInformation}) {
                int i = fmi.indexOf(tag);
                if (i >= 0) {
                    meta.setValue(tag, fmi.vrAt(i), fmi.valueAt(i));
                }
            }
        }
        writeFileMetaInformation(meta);
        writeDataset(ds, ts);
    }

    private void writeItem(Attributes ds, boolean explicit, boolean bigEndian, boolean encapsulated)
            throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            // Group lengths are retired in data sets; they would be wrong after any change, so they are dropped.
            if (Tags.isGroupLength(tag) || Tags.isFileMeta(tag)) {
                continue;
            }
            if (ds.valueAt(i) instanceof Fragments && !encapsulated) {
                throw new IOException("encapsulated " + Tags.toString(tag)
                        + " cannot be written in a native transfer syntax");
            }
            writeElement(ds, i, explicit, bigEndian);
        }
    }

    private void writeElement(Attributes ds, int i, boolean explicit, boolean bigEndian) throws IOException {
        int tag = ds.tagAt(i);
        VR vr = ds.vrAt(i);
        Object value = ds.valueAt(i);
        if (value instanceof Sequence seq) {
            long len = undefinedLengths ? DicomInputStream.UNDEFINED_LENGTH : sequenceLength(seq, explicit);
            writeHeader(tag, VR.SQ, len, explicit, bigEndian);
            for (Attributes item : seq) {
                long itemLen = undefinedLengths ? DicomInputStream.UNDEFINED_LENGTH : itemLength(item, explicit);
                writeItemHeader(DicomInputStream.ITEM, itemLen, bigEndian);
                writeItem(item, explicit, bigEndian, true);
                if (undefinedLengths) {
                    writeItemHeader(DicomInputStream.ITEM_DELIMITATION, 0, bigEndian);
                }
            }
            if (undefinedLengths) {
                writeItemHeader(DicomInputStream.SEQUENCE_DELIMITATION, 0, bigEndian);
            }
        } else if (value instanceof Fragments frags) {
            writeHeader(tag, vr, DicomInputStream.UNDEFINED_LENGTH, explicit, bigEndian);
            for (int k = 0; k < frags.size(); k++) {
                long len = frags.itemLength(k);
                writeItemHeader(DicomInputStream.ITEM, len + (len & 1), bigEndian);
                writeRaw(frags.get(k), len, 1);
                if ((len & 1) != 0) {
                    out.write(0);
                }
            }
            writeItemHeader(DicomInputStream.SEQUENCE_DELIMITATION, 0, bigEndian);
        } else {
            long len = value instanceof BulkData b ? b.length() : ((byte[]) value).length;
            VR written = explicit && !vr.hasLongHeader() && len > 0xFFFE ? VR.UN : vr;
            writeHeader(tag, written, len + (len & 1), explicit, bigEndian);
            int swap = ds.bigEndian() != bigEndian && vr != VR.UN ? vr.swapUnit() : 1;
            writeRaw(value, len, swap);
            if ((len & 1) != 0) {
                out.write(vr.paddingByte());
            }
        }
    }

    /** Copies a value, reversing bytes in units of {@code swap} when the byte order changes. */
    private void writeRaw(Object value, long len, int swap) throws IOException {
        if (value instanceof byte[] b) {
            if (swap > 1) {
                byte[] s = b.clone();
                swapBytes(s, s.length - s.length % swap, swap);
                out.write(s);
            } else {
                out.write(b);
            }
            return;
        }
        BulkData bulk = (BulkData) value;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = bulk.openStream()) {
            long left = len;
            while (left > 0) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                if (n <= 0) {
                    throw new IOException("bulk data " + bulk.file() + " ended " + left + " bytes early");
                }
                if (swap > 1) {
                    swapBytes(buf, n - n % swap, swap);
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    private static void swapBytes(byte[] b, int len, int unit) {
        for (int off = 0; off < len; off += unit) {
            for (int lo = off, hi = off + unit - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    // ---------------------------------------------------------------- lengths (for defined-length encoding)

    private long elementLength(Attributes ds, int i, boolean explicit) {
        Object value = ds.valueAt(i);
        VR vr = ds.vrAt(i);
        if (value instanceof Sequence seq) {
            return (explicit ? 12 : 8) + (undefinedLengths ? 8 : 0) + sequenceLength(seq, explicit);
        }
        if (value instanceof Fragments frags) {
            long n = (explicit ? 12 : 8) + 8;
            for (int k = 0; k < frags.size(); k++) {
                long len = frags.itemLength(k);
                n += 8 + len + (len & 1);
            }
            return n;
        }
        long len = value instanceof BulkData b ? b.length() : ((byte[]) value).length;
        int headerLength = !explicit ? 8 : (vr.hasLongHeader() || len > 0xFFFE ? 12 : 8);
        return headerLength + len + (len & 1);
    }

    private long itemLength(Attributes item, boolean explicit) {
        long n = 0;
        for (int i = 0; i < item.size(); i++) {
            if (!Tags.isGroupLength(item.tagAt(i))) {
                n += elementLength(item, i, explicit);
            }
        }
        return n;
    }

    /** Content length of a sequence: its items with headers (and item delimiters when lengths are undefined). */
    private long sequenceLength(Sequence seq, boolean explicit) {
        long n = 0;
        for (Attributes item : seq) {
            n += 8 + itemLength(item, explicit) + (undefinedLengths ? 8 : 0);
        }
        return n;
    }

    // ---------------------------------------------------------------- headers

    private void writeHeader(int tag, VR vr, long length, boolean explicit, boolean bigEndian) throws IOException {
        putTag(tag, bigEndian);
        if (!explicit) {
            putU32(4, length, bigEndian);
            out.write(header, 0, 8);
            return;
        }
        header[4] = (byte) vr.name().charAt(0);
        header[5] = (byte) vr.name().charAt(1);
        if (vr.hasLongHeader()) {
            header[6] = 0;
            header[7] = 0;
            putU32(8, length, bigEndian);
            out.write(header, 0, 12);
        } else {
            putU16(6, (int) length, bigEndian);
            out.write(header, 0, 8);
        }
    }

    private void writeItemHeader(int tag, long length, boolean bigEndian) throws IOException {
        putTag(tag, bigEndian);
        putU32(4, length, bigEndian);
        out.write(header, 0, 8);
    }

    private void writeU32(long v, boolean bigEndian) throws IOException {
        putU32(0, v, bigEndian);
        out.write(header, 0, 4);
    }

    private void putTag(int tag, boolean bigEndian) {
        putU16(0, tag >>> 16, bigEndian);
        putU16(2, tag & 0xFFFF, bigEndian);
    }

    private void putU16(int at, int v, boolean bigEndian) {
        if (bigEndian) {
            header[at] = (byte) (v >>> 8);
            header[at + 1] = (byte) v;
        } else {
            header[at] = (byte) v;
            header[at + 1] = (byte) (v >>> 8);
        }
    }

    private void putU32(int at, long v, boolean bigEndian) {
        if (bigEndian) {
            putU16(at, (int) (v >>> 16), true);
            putU16(at + 2, (int) v, true);
        } else {
            putU16(at, (int) v, false);
            putU16(at + 2, (int) (v >>> 16), false);
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Counts the bytes that pass, to pad a deflated stream to even length. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
