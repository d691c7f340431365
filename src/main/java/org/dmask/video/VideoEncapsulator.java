package org.dmask.video;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.VR;

/**
 * A new DICOM video object from the (already de-identified) attributes of its source and a freshly encoded H.264
 * MP4: the transfer syntax follows the stream's SPS, and the Image Pixel, Multi-frame, Cine and lossy compression
 * attributes are re-derived from the stream, so none of them is carried over from the source. The MP4 stays on disk:
 * the fragments are {@link BulkData} ranges of it, streamed by the writer.
 */
public final class VideoEncapsulator {

    /** The new object: its data set (Pixel Data referring to the MP4) and its transfer syntax. */
    public record Encapsulated(Attributes dataset, String transferSyntaxUID, H264Sps sps, long frames,
            double compressionRatio) {

        /** Writes the object as a Part 10 file at {@code output}, complete or not at all (a temporary name, then a rename). */
        public void writeTo(Path output) throws IOException {
            Path partial = Files.createTempFile(output.toAbsolutePath().getParent(), "." + output.getFileName() + ".",
                    ".partial");
            try {
                try (OutputStream os = Files.newOutputStream(partial);
                        DicomOutputStream dos = new DicomOutputStream(os)) {
                    Attributes fmi = DicomOutputStream.createFileMetaInformation(dataset.getString(Tag.SOPClassUID),
                            dataset.getString(Tag.SOPInstanceUID), transferSyntaxUID);
                    dos.writeDicomFile(fmi, dataset, TransferSyntax.of(transferSyntaxUID));
                }
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Attributes about the old pixel stream or its frames that would be wrong for the new one. */
    private static final int[] STALE = {
        Tag.FrameTimeVector, Tag.PixelDataProviderURL, Tag.ExtendedOffsetTable, Tag.ExtendedOffsetTableLengths,
        Tag.SmallestImagePixelValue, Tag.LargestImagePixelValue, Tag.PixelPaddingValue, Tag.PixelPaddingRangeLimit,
        Tag.IconImageSequence, Tag.RedPaletteColorLookupTableDescriptor, Tag.GreenPaletteColorLookupTableDescriptor,
        Tag.BluePaletteColorLookupTableDescriptor, Tag.RedPaletteColorLookupTableData,
        Tag.GreenPaletteColorLookupTableData, Tag.BluePaletteColorLookupTableData, Tag.ICCProfile,
        Tag.FloatPixelData, Tag.DoubleFloatPixelData,
    };

    private final long maxFragmentLength;

    public VideoEncapsulator() {
        this(VideoTransferSyntax.MAX_FRAGMENT_LENGTH);
    }

    /** With a smaller fragment length for fragmentable syntaxes (tests); never above 2^32 - 2, always even. */
    VideoEncapsulator(long maxFragmentLength) {
        if (maxFragmentLength < 2 || maxFragmentLength > VideoTransferSyntax.MAX_FRAGMENT_LENGTH
                || (maxFragmentLength & 1) != 0) {
            throw new IllegalArgumentException("fragment length " + maxFragmentLength);
        }
        this.maxFragmentLength = maxFragmentLength;
    }

    /**
     * @param source       the source's data set (its Pixel Data is not used)
     * @param mp4          the encoded MP4, which becomes part of the result (deleted by {@code disposeBulkData})
     * @param rate         the frame rate the stream was encoded at
     * @param fragmentable use a Fragmentable transfer syntax (the stream is then split into fragments); a stream
     *                     over 2^32 - 2 bytes always is
     */
    public Encapsulated encapsulate(Attributes source, Path mp4, FrameRate rate, boolean fragmentable)
            throws java.io.IOException {
        Mp4AvcInfo info = Mp4AvcInfo.read(mp4);
        H264Sps sps = info.sps();
        long length = info.fileLength();
        boolean split = fragmentable || length > VideoTransferSyntax.MAX_FRAGMENT_LENGTH;
        String tsuid = H264TransferSyntax.of(sps, split);
        long frames = info.sampleCount();
        if (frames < 1) {
            throw new VideoException("MP4 " + mp4 + " holds no frames");
        }

        Attributes ds = copyWithout(source);
        String sourceUid = source.getString(Tag.SOPInstanceUID);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sourceUid == null ? newUid() : derivedUid(sourceUid, tsuid));
        ds.setInt(Tag.SamplesPerPixel, VR.US, 3);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "YBR_PARTIAL_420");
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setInt(Tag.Rows, VR.US, sps.height());
        ds.setInt(Tag.Columns, VR.US, sps.width());
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.NumberOfFrames, VR.IS, Long.toString(frames));
        ds.setString(Tag.FrameTime, VR.DS, rate.frameTimeDS());
        ds.setValue(Tag.FrameIncrementPointer, VR.AT, atValue(Tag.FrameTime, source.bigEndian()));
        ds.setString(Tag.CineRate, VR.IS, Integer.toString(rate.roundedFps()));
        ds.setString(Tag.RecommendedDisplayFrameRate, VR.IS, Integer.toString(rate.roundedFps()));
        if (ds.contains(Tag.StartTrim) || ds.contains(Tag.StopTrim)) {
            ds.setString(Tag.StartTrim, VR.IS, "1");
            ds.setString(Tag.StopTrim, VR.IS, Long.toString(frames));
        }
        if (ds.contains(Tag.ImageType)) {
            String[] type = ds.getStrings(Tag.ImageType);
            if (type.length > 0) {
                type[0] = "DERIVED"; // re-encoded, and once masked no longer the acquired pixels
                ds.setString(Tag.ImageType, VR.CS, type);
            }
        }
        double ratio = 3.0 * sps.width() * sps.height() * frames / length;
        ds.setString(Tag.LossyImageCompression, VR.CS, "01");
        ds.setString(Tag.LossyImageCompressionRatio, VR.DS, append(source.getStrings(Tag.LossyImageCompressionRatio),
                String.format(Locale.ROOT, "%.2f", ratio)));
        ds.setString(Tag.LossyImageCompressionMethod, VR.CS,
                append(source.getStrings(Tag.LossyImageCompressionMethod), "ISO_14496_10"));

        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]); // empty Basic Offset Table, as video transfer syntaxes require
        if (!split) {
            fragments.add(new BulkData(mp4, 0, length, true));
        } else {
            for (long off = 0; off < length; off += maxFragmentLength) {
                fragments.add(new BulkData(mp4, off, Math.min(maxFragmentLength, length - off), true));
            }
        }
        ds.setValue(Tag.PixelData, VR.OB, fragments);
        return new Encapsulated(ds, tsuid, sps, frames, ratio);
    }

    private static Attributes copyWithout(Attributes source) {
        Attributes ds = new Attributes(source.bigEndian(), source.size() + 16);
        for (int i = 0; i < source.size(); i++) {
            int tag = source.tagAt(i);
            if (tag == Tag.PixelData || (tag >>> 16) == 0x0002 || Arrays.binarySearch(sortedStale(), tag) >= 0) {
                continue;
            }
            copyElement(source, i, ds);
        }
        return ds;
    }

    /** Values are shared (they are not changed here); sequences are copied, since an item has one parent. */
    private static void copyElement(Attributes from, int i, Attributes to) {
        if (from.valueAt(i) instanceof org.dmask.dicom.Sequence seq) {
            org.dmask.dicom.Sequence copy = to.newSequence(from.tagAt(i), seq.size());
            for (Attributes item : seq) {
                Attributes c = copy.addItem();
                for (int k = 0; k < item.size(); k++) {
                    copyElement(item, k, c);
                }
            }
        } else {
            to.setValue(from.tagAt(i), from.vrAt(i), from.valueAt(i));
        }
    }

    private static int[] sortedStaleCache;

    private static int[] sortedStale() {
        if (sortedStaleCache == null) {
            int[] s = STALE.clone();
            Arrays.sort(s);
            sortedStaleCache = s;
        }
        return sortedStaleCache;
    }

    private static String[] append(String[] existing, String value) {
        List<String> all = new ArrayList<>();
        if (existing != null) {
            for (String s : existing) {
                if (s != null && !s.isBlank()) {
                    all.add(s.trim());
                }
            }
        }
        all.add(value);
        return all.toArray(String[]::new);
    }

    private static byte[] atValue(int tag, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.allocate(4).order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN
                : java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag);
        return b.array();
    }

    /** A UUID-derived UID (PS3.5 §B.2): "2.25." and the UUID as an unsigned decimal integer. */
    public static String newUid() {
        return uidOf(UUID.randomUUID());
    }

    /**
     * The new object's UID, derived from its source's (name-based UUID): re-encoding the same source again, as a
     * redelivery after a crash does, gives the same UID, so the archive replaces rather than duplicates it.
     */
    static String derivedUid(String sourceUid, String tsuid) {
        return uidOf(UUID.nameUUIDFromBytes(("dmask re-encoded " + sourceUid + " " + tsuid)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static String uidOf(UUID u) {
        BigInteger v = new BigInteger(1, ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + v;
    }
}
