package org.dmask.dicom;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Streaming reader of DICOM Part 10 files and bare data sets (PS3.10 §7, PS3.5 §7): optional preamble, File Meta
 * Information, then the data set in implicit or explicit VR, little or big endian, or deflated. Sequences and items of
 * defined and undefined length, encapsulated Pixel Data as offset table plus fragments, and UN of undefined length
 * (CP-246) are read.
 *
 * <p>Large values never go to the heap: from a file they become {@link BulkData} references to the file's byte
 * range; from a stream (or a deflated file) they are copied into one spool file per reader. Every length is checked
 * against the bytes that remain and against {@link Options}, and malformed input ends in a
 * {@link DicomParseException} that names the byte offset and the tag.
 */
public final class DicomInputStream implements Closeable {

    /** Name prefix of the temporary files bulk data is spooled to (disposed by Attributes.disposeBulkData). */
    public static final String SPOOL_PREFIX = "dmask-bulk-";

    /** A DICOM Part 10 file: "DICM" after the 128-byte preamble. */
    public static boolean isPart10File(java.nio.file.Path file) throws IOException {
        try (InputStream s = java.nio.file.Files.newInputStream(file)) {
            byte[] head = s.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }

    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final long MAX_META_VALUE_LENGTH = 1024 * 1024;

    /** Limits and bulk data policy. */
    public record Options(long bulkDataThreshold, long maxInlineValueLength, int maxDepth, Path spoolDirectory) {
        public static Options defaults() {
            return new Options(64 * 1024, 64L * 1024 * 1024, 64, null);
        }

        public Options withSpoolDirectory(Path dir) {
            return new Options(bulkDataThreshold, maxInlineValueLength, maxDepth, dir);
        }

        public Options withBulkDataThreshold(long threshold) {
            return new Options(threshold, maxInlineValueLength, maxDepth, spoolDirectory);
        }
    }

    private final Options options;
    private final Path file;
    private final long sourceLength;
    private final InputStream source;
    private PositionedInput in;
    private Inflater inflater;
    private TransferSyntax transferSyntax;
    private Attributes fileMeta;
    private boolean metaRead;
    private final BulkDataSpool spool;
    private final java.util.List<String> tolerated = new java.util.ArrayList<>();

    /** Reads a file; large values become references into it. */
    public DicomInputStream(Path file) throws IOException {
        this(file, Options.defaults());
    }

    public DicomInputStream(Path file, Options options) throws IOException {
        this.options = options;
        this.spool = new BulkDataSpool(options.spoolDirectory());
        this.file = file;
        this.sourceLength = Files.size(file);
        this.source = Files.newInputStream(file, StandardOpenOption.READ);
        this.in = new PositionedInput(source, sourceLength);
    }

    /** Reads a Part 10 stream (preamble and meta optional); large values are spooled. */
    public DicomInputStream(InputStream stream, Options options) {
        this.options = options;
        this.spool = new BulkDataSpool(options.spoolDirectory());
        this.file = null;
        this.sourceLength = -1;
        this.source = stream;
        this.in = new PositionedInput(stream, -1);
    }

    /** Reads a bare data set in a known transfer syntax, as it arrives in P-DATA (no preamble, no meta). */
    public DicomInputStream(InputStream stream, TransferSyntax ts, Options options) throws IOException {
        this(stream, options);
        this.metaRead = true;
        startDataset(ts);
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /**
     * What was read although it departs from the standard, as DCMTK and pydicom read it, where nothing is lost: one
     * line each (for a warning), empty for a conforming input.
     */
    public java.util.List<String> tolerated() {
        return java.util.List.copyOf(tolerated);
    }

    /** Byte offset of the next byte to be read (in the inflated data set once deflate is in effect). */
    public long position() {
        return in.position();
    }

    /**
     * Reads the preamble and File Meta Information if present and settles the data set's transfer syntax (from
     * (0002,0010), else guessed from the first element). Returns null when the input has no meta group.
     */
    public Attributes readFileMetaInformation() throws IOException {
        if (metaRead) {
            return fileMeta;
        }
        metaRead = true;
        try {
            return readPreambleAndMeta();
        } catch (EOFException | ZipException e) {
            throw asParseError(e);
        }
    }

    /** Truncation and corrupt deflate streams are malformed input, reported like any other parse error. */
    private DicomParseException asParseError(IOException e) {
        String what = e instanceof ZipException ? "deflated data set is corrupt: " + e.getMessage()
                : e.getMessage() != null && e.getMessage().startsWith("unexpected end") ? "input ends early"
                : "deflated data set ends early: " + e.getMessage();
        return new DicomParseException(what, in.position(), -1, e);
    }

    private Attributes readPreambleAndMeta() throws IOException {
        int n = in.fill(136);
        boolean preamble = n >= 136 && in.peekAscii(128, 4).equals("DICM") && in.peekU16(132, false) == 2;
        if (preamble) {
            in.skip(132);
        } else if (n >= 8 && in.peekAscii(0, 4).equals("DICM") && in.peekU16(4, false) == 2) {
            in.skip(4);
        }
        TransferSyntax ts = null;
        if (in.fill(8) >= 8 && in.peekU16(0, false) == 2) {
            boolean explicit = VR.fromCode(in.peekU16(4, true)) != null;
            fileMeta = new Attributes(false, 8);
            while (in.fill(8) >= 8 && in.peekU16(0, false) == 2) {
                readElement(fileMeta, explicit, false, 0);
            }
            String tsuid = fileMeta.getString(Tag.TransferSyntaxUID);
            if (tsuid != null) {
                ts = TransferSyntax.of(tsuid);
            }
        }
        if (ts == null) {
            ts = guessTransferSyntax();
            tolerated.add((fileMeta == null ? "no Part 10 header" : "no Transfer Syntax UID in the meta group")
                    + ": read as " + ts.name() + " (inferred)");
        }
        startDataset(ts);
        return fileMeta;
    }

    /** Implicit or explicit VR, and byte order, from the first element of a data set without a usable meta group. */
    private TransferSyntax guessTransferSyntax() throws IOException {
        if (in.fill(8) < 8) {
            return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        if (VR.fromCode(in.peekU16(4, true)) == null) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        int groupLE = in.peekU16(0, false);
        int groupBE = in.peekU16(0, true);
        return groupLE > 0xFF && groupBE <= 0xFF ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN
                : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    private void startDataset(TransferSyntax ts) {
        this.transferSyntax = ts;
        if (ts.deflated()) {
            inflater = new Inflater(true);
            in = new PositionedInput(new InflaterInputStream(in.asStream(), inflater, 16 * 1024), -1);
        }
    }

    /** Reads the whole data set (after the meta group). Spool files are removed again if reading fails. */
    public Attributes readDataset() throws IOException {
        readFileMetaInformation();
        TransferSyntax ts = transferSyntax;
        Attributes ds = new Attributes(ts.bigEndian(), 64);
        try {
            readItems(ds, -1, ts.explicitVR(), ts.bigEndian(), 0);
            spool.close();
            return ds;
        } catch (EOFException | ZipException e) {
            spool.discard();
            throw asParseError(e);
        } catch (IOException | RuntimeException e) {
            spool.discard();
            throw e;
        }
    }

    // ---------------------------------------------------------------- elements

    /** Reads elements into {@code ds} until {@code length} bytes are consumed, an item delimiter, or the end. */
    private void readItems(Attributes ds, long length, boolean explicit, boolean bigEndian, int depth)
            throws IOException {
        long end = length < 0 ? Long.MAX_VALUE : in.position() + length;
        boolean topLevel = depth == 0;
        while (in.position() < end) {
            int avail = in.fill(8);
            if (avail == 0 && topLevel) {
                return;
            }
            if (avail < 8) {
                if (topLevel && length < 0 && allZero(avail)) {
                    // Trailing NUL padding after the last element is tolerated, as DCMTK does.
                    in.skip(avail);
                    tolerated.add(avail + " bytes of zero padding after the data set ignored");
                    return;
                }
                throw fail(length < 0 && !topLevel ? "item ends without an item delimitation item (truncated)"
                        : "truncated element header (" + avail + " bytes left)", -1);
            }
            int tag = in.peekTag(0, bigEndian);
            if (tag == ITEM_DELIMITATION) {
                if (length >= 0 || topLevel) {
                    throw fail("item delimitation item outside an item of undefined length", tag);
                }
                in.skip(8);
                return;
            }
            if (tag == ITEM || tag == SEQUENCE_DELIMITATION) {
                throw fail("unexpected " + (tag == ITEM ? "item" : "sequence delimitation item")
                        + " where a data element was expected", tag);
            }
            if (tag == 0 && topLevel && length < 0 && !ds.isEmpty() && allZero(8)) {
                skipZeroPadding();
                return;
            }
            readElement(ds, explicit, bigEndian, depth);
        }
        if (in.position() > end) {
            throw fail("elements overrun their item's defined length by " + (in.position() - end) + " bytes", -1);
        }
    }

    /**
     * Zeros where the next element would start, after a data set was read: padding (as DCMTK and pydicom read it)
     * when nothing but zeros follows to the end; the data set ends before it.
     */
    private void skipZeroPadding() throws IOException {
        long start = in.position();
        int n;
        while ((n = in.fill(32 * 1024)) > 0) {
            for (int i = 0; i < n; i++) {
                if (in.peekU8(i) != 0) {
                    long at = in.position() + i;
                    throw new DicomParseException("zero bytes from offset " + start + " are not padding: non-zero data"
                            + " follows at offset " + at + " (invalid element (0000,0000), invalid VR (0x0000))",
                            start, 0);
                }
            }
            in.skip(n);
        }
        tolerated.add((in.position() - start) + " bytes of zero padding after the data set ignored");
    }

    private boolean allZero(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (in.peekU8(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void readElement(Attributes ds, boolean explicit, boolean bigEndian, int depth) throws IOException {
        long start = in.position();
        int tag = in.readTag(bigEndian);
        VR vr;
        long length;
        if (explicit) {
            int code = in.readU16(true);
            vr = VR.fromCode(code);
            if (vr == null) {
                throw new DicomParseException("invalid VR " + printableCode(code), start, tag);
            }
            if (vr.hasLongHeader()) {
                in.skip(2);
                length = in.readU32(bigEndian);
            } else {
                length = in.readU16(bigEndian);
            }
        } else {
            vr = Tags.isPrivate(tag) && !Tags.isPrivateCreator(tag)
                    ? ElementDictionary.vrOf(tag, ds.privateCreatorOf(tag))
                    : ElementDictionary.vrOf(tag);
            if (vr == VR.US && ElementDictionary.isUSorSS(tag) && isSigned(ds) && !isLutDescriptor(tag)) {
                vr = VR.SS;
            }
            length = in.readU32(bigEndian);
        }
        if (length == UNDEFINED_LENGTH) {
            if (vr == VR.SQ) {
                readSequence(ds, tag, -1, explicit, bigEndian, depth);
            } else if (tag == Tag.PixelData || (explicit && (vr == VR.OB || vr == VR.OW))) {
                readFragments(ds, tag, vr, bigEndian);
            } else if (vr == VR.UN || !explicit) {
                // CP-246: a sequence of unknown VR with undefined length is encoded in implicit VR little endian.
                readSequence(ds, tag, -1, false, false, depth);
            } else {
                throw new DicomParseException("undefined length is not allowed for VR " + vr, start, tag);
            }
            return;
        }
        if ((length & 1) != 0 && vr == VR.SQ) {
            throw new DicomParseException("odd length " + length + " of a sequence", start, tag);
        }
        checkRemaining(length, tag);
        if (vr == VR.SQ) {
            readSequence(ds, tag, length, explicit, bigEndian, depth);
        } else if (Tags.isFileMeta(tag)) {
            // Meta elements are small by nature and stay in memory; a huge one is malformed input.
            if (length > MAX_META_VALUE_LENGTH) {
                throw new DicomParseException("file meta element of " + length + " bytes exceeds "
                        + MAX_META_VALUE_LENGTH, start, tag);
            }
            ds.setValue(tag, vr, value(length, tag));
        } else if (vr.isBulkCapable() && length > options.bulkDataThreshold()) {
            ds.setValue(tag, vr, bulk(length, tag));
        } else {
            ds.setValue(tag, vr, value(length, tag));
        }
    }

    /** Pixel Representation (0028,0103) of this data set or the nearest enclosing one: 1 means signed. */
    private static boolean isSigned(Attributes ds) {
        for (Attributes a = ds; a != null; a = a.parent()) {
            if (a.contains(Tag.PixelRepresentation)) {
                return a.getInt(Tag.PixelRepresentation, 0) == 1;
            }
        }
        return false;
    }

    /** LUT descriptors keep US: their first and third values are unsigned whatever the pixels are (PS3.3 C.11). */
    private static boolean isLutDescriptor(int tag) {
        return tag == Tag.LUTDescriptor || tag == Tag.RedPaletteColorLookupTableDescriptor
                || tag == Tag.GreenPaletteColorLookupTableDescriptor || tag == Tag.BluePaletteColorLookupTableDescriptor;
    }

    private static String printableCode(int code) {
        char c1 = (char) ((code >>> 8) & 0xFF);
        char c2 = (char) (code & 0xFF);
        boolean printable = c1 >= 0x20 && c1 < 0x7F && c2 >= 0x20 && c2 < 0x7F;
        return (printable ? "'" + c1 + c2 + "' " : "") + String.format("(0x%04X)", code);
    }

    private void readSequence(Attributes ds, int tag, long length, boolean explicit, boolean bigEndian, int depth)
            throws IOException {
        if (depth + 1 > options.maxDepth()) {
            throw fail("sequences nested deeper than the limit of " + options.maxDepth(), tag);
        }
        Sequence seq = ds.newSequence(tag, 4);
        long end = length < 0 ? Long.MAX_VALUE : in.position() + length;
        while (in.position() < end) {
            if (in.fill(8) < 8) {
                throw fail("sequence ends before its " + (length < 0 ? "sequence delimitation item" : "defined length")
                        + " (truncated)", tag);
            }
            long itemStart = in.position();
            int itemTag = in.readTag(bigEndian);
            long itemLength = in.readU32(bigEndian);
            if (itemTag == SEQUENCE_DELIMITATION) {
                if (length >= 0) {
                    throw new DicomParseException("sequence delimitation item inside a sequence of defined length",
                            itemStart, tag);
                }
                return;
            }
            if (itemTag != ITEM) {
                throw new DicomParseException("expected an item (FFFE,E000) in the sequence, found "
                        + Tags.toString(itemTag), itemStart, tag);
            }
            Attributes item = new Attributes(bigEndian, 8);
            seq.add(item);
            if (itemLength != UNDEFINED_LENGTH) {
                checkRemaining(itemLength, tag);
            }
            readItems(item, itemLength == UNDEFINED_LENGTH ? -1 : itemLength, explicit, bigEndian, depth + 1);
        }
        if (in.position() > end) {
            throw fail("items overrun the sequence's defined length by " + (in.position() - end) + " bytes", tag);
        }
    }

    private void readFragments(Attributes ds, int tag, VR vr, boolean bigEndian) throws IOException {
        Fragments fragments = new Fragments(vr);
        ds.setValue(tag, vr, fragments);
        while (true) {
            if (in.fill(8) < 8) {
                throw fail("encapsulated pixel data ends without a sequence delimitation item (truncated)", tag);
            }
            long itemStart = in.position();
            int itemTag = in.readTag(bigEndian);
            long itemLength = in.readU32(bigEndian);
            if (itemTag == SEQUENCE_DELIMITATION) {
                return;
            }
            if (itemTag != ITEM) {
                throw new DicomParseException("expected a fragment item (FFFE,E000) in encapsulated pixel data, found "
                        + Tags.toString(itemTag), itemStart, tag);
            }
            if (itemLength == UNDEFINED_LENGTH) {
                throw new DicomParseException("fragment of undefined length", itemStart, tag);
            }
            checkRemaining(itemLength, tag);
            fragments.add(itemLength > options.bulkDataThreshold() ? bulk(itemLength, tag) : value(itemLength, tag));
        }
    }

    private void checkRemaining(long length, int tag) throws IOException {
        long remaining = in.remaining();
        if (remaining >= 0 && length > remaining) {
            throw fail("value length " + length + " exceeds the " + remaining + " bytes that remain", tag);
        }
    }

    private byte[] value(long length, int tag) throws IOException {
        if (length > options.maxInlineValueLength()) {
            throw fail("value length " + length + " exceeds the in-memory limit of " + options.maxInlineValueLength()
                    + " bytes for its VR", tag);
        }
        byte[] b = in.readBytes((int) length);
        if (b.length < length) {
            throw fail("value truncated: " + b.length + " of " + length + " bytes present", tag);
        }
        return b;
    }

    /** A large value: a reference into the source file, or a range of this reader's spool file. */
    private BulkData bulk(long length, int tag) throws IOException {
        if (file != null && inflater == null) {
            BulkData b = new BulkData(file, in.position(), length, false);
            in.skip(length);
            return b;
        }
        long offset = spool.length();
        long copied = spool.append(in, length);
        if (copied < length) {
            throw fail("value truncated: " + copied + " of " + length + " bytes present", tag);
        }
        return spool.range(offset, length);
    }

    private DicomParseException fail(String what, int tag) {
        String where = inflater != null ? what + " (offset counted in the inflated data set)" : what;
        return new DicomParseException(where, in.position(), tag);
    }

    @Override
    public void close() throws IOException {
        try {
            spool.close();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
            source.close();
        }
    }
}
