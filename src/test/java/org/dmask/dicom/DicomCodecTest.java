package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Reader and writer on data sets built in the test: every native transfer syntax, lengths, limits and errors. */
class DicomCodecTest {

    private static Attributes sample() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5");
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.StudyTime, VR.TM, "101530.25");
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
        ds.setInt(Tag.Rows, VR.US, 2);
        ds.setInt(Tag.Columns, VR.US, 2);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setString(Tag.PixelSpacing, VR.DS, "0.5", "0.25");
        Sequence seq = ds.newSequence(Tag.ReferencedSeriesSequence, 2);
        Attributes item = seq.addItem();
        item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3");
        Sequence inner = item.newSequence(Tag.ReferencedInstanceSequence, 1);
        inner.addItem().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4");
        seq.addItem();
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 0, 2, 0, 3, 0, 4, 0});
        return ds;
    }

    private static Attributes roundTrip(Attributes ds, TransferSyntax ts, boolean definedLengths) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DicomOutputStream out = new DicomOutputStream(bytes).withDefinedLengths(definedLengths)) {
            out.writeDicomFile(null, ds, ts);
        }
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes.toByteArray()),
                DicomInputStream.Options.defaults())) {
            Attributes fmi = in.readFileMetaInformation();
            assertEquals(ts.uid(), fmi.getString(Tag.TransferSyntaxUID));
            assertEquals("1.2.3.4.5", fmi.getString(Tag.MediaStorageSOPInstanceUID));
            assertEquals(ts, in.transferSyntax());
            return in.readDataset();
        }
    }

    @Test
    void everyNativeTransferSyntaxRoundTrips() throws IOException {
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN}) {
            for (boolean defined : new boolean[] {false, true}) {
                Attributes back = roundTrip(sample(), ts, defined);
                String where = ts.uid() + (defined ? " defined" : " undefined");
                assertEquals("Müller^Jürgen", back.getString(Tag.PatientName), where);
                assertArrayEquals(new String[] {"ORIGINAL", "PRIMARY"}, back.getStrings(Tag.ImageType), where);
                assertEquals(2, back.getInt(Tag.Rows, -1), where);
                assertArrayEquals(new double[] {0.5, 0.25}, back.getDoubles(Tag.PixelSpacing), where);
                assertEquals(LocalDate.of(2024, 2, 29), back.getDate(Tag.StudyDate), where);
                assertEquals(LocalTime.of(10, 15, 30, 250_000_000), back.getTime(Tag.StudyTime), where);
                Sequence seq = back.getSequence(Tag.ReferencedSeriesSequence);
                assertEquals(2, seq.size(), where);
                assertEquals("1.2.3.4", seq.get(0).getSequence(Tag.ReferencedInstanceSequence).get(0)
                        .getString(Tag.ReferencedSOPInstanceUID), where);
                assertTrue(seq.get(1).isEmpty(), where);
                // Nested items inherit the character set of the data set that holds them.
                assertEquals("ISO_IR 100", seq.get(0).specificCharacterSet().toString(), where);
                byte[] pixels = back.getBytes(Tag.PixelData);
                ByteBuffer bb = ByteBuffer.wrap(pixels).order(back.bigEndian() ? ByteOrder.BIG_ENDIAN
                        : ByteOrder.LITTLE_ENDIAN);
                assertEquals(3, bb.getShort(4), where + ": OW words keep their value across byte orders");
            }
        }
    }

    @Test
    void oddLengthValuesArePaddedWithTheirVRsPadding() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5");
        ds.setBytes(Tag.StudyInstanceUID, VR.UI, "1.2.3".getBytes());
        ds.setBytes(Tag.PatientID, VR.LO, "ABC".getBytes());
        Attributes back = roundTrip(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false);
        assertArrayEquals("1.2.3\0".getBytes(), back.getBytes(Tag.StudyInstanceUID));
        assertArrayEquals("ABC ".getBytes(), back.getBytes(Tag.PatientID));
        assertEquals("ABC", back.getString(Tag.PatientID));
    }

    @Test
    void encapsulatedPixelDataKeepsOffsetTableAndFragments() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5");
        Fragments f = new Fragments(VR.OB);
        f.add(new byte[0]);
        f.add(new byte[] {1, 2, 3});
        f.add(new byte[] {4, 5, 6, 7});
        ds.setValue(Tag.PixelData, VR.OB, f);
        Attributes back = roundTrip(ds, TransferSyntax.of(UID.MPEG4HP41), false);
        Fragments g = assertInstanceOf(Fragments.class, back.getValue(Tag.PixelData));
        assertEquals(3, g.size());
        assertEquals(0, g.itemLength(0));
        assertArrayEquals(new byte[] {1, 2, 3, 0}, (byte[]) g.get(1), "odd fragments are padded to even length");
        assertThrows(IOException.class, () -> roundTrip(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false));
    }

    @Test
    void bareDataSetWithoutMetaIsDetected() throws IOException {
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DicomOutputStream out = new DicomOutputStream(bytes)) {
                out.writeDataset(sample(), ts);
            }
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes.toByteArray()),
                    DicomInputStream.Options.defaults())) {
                assertNull(in.readFileMetaInformation());
                assertEquals(ts, in.transferSyntax());
                assertEquals("Müller^Jürgen", in.readDataset().getString(Tag.PatientName));
            }
        }
    }

    @Test
    void nestingBeyondTheLimitIsAParseErrorNotAStackOverflow() {
        int depth = 100_000;
        ByteBuffer bb = ByteBuffer.allocate(depth * 16 + 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < depth; i++) {
            bb.putShort((short) 0x0008).putShort((short) 0x1115).putInt(0xFFFFFFFF); // implicit SQ, undefined
            bb.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0xFFFFFFFF); // item, undefined
        }
        DicomParseException e = assertThrows(DicomParseException.class, () -> {
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bb.array(), 0, bb.position()),
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, DicomInputStream.Options.defaults())) {
                in.readDataset();
            }
        });
        assertTrue(e.getMessage().contains("nested deeper than the limit of 64"), e.getMessage());
        assertEquals(0x00081115, e.tag());
    }

    @Test
    void lyingLengthOnAStreamFailsWithoutAllocatingIt() {
        ByteBuffer bb = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) 0x0010).putShort((short) 0x0010).put((byte) 'P').put((byte) 'N').putShort((short) 4);
        bb.put("AB^C".getBytes());
        bb.putShort((short) 0x0010).putShort((short) 0x0020).put((byte) 'U').put((byte) 'T').putShort((short) 0);
        bb.putInt(0x7FFFFFF0);
        bb.put("only a few bytes".getBytes());
        DicomParseException e = assertThrows(DicomParseException.class, () -> {
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bb.array(), 0, bb.position()),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomInputStream.Options.defaults())) {
                in.readDataset();
            }
        });
        assertEquals(Tag.PatientID, e.tag());
        assertTrue(e.getMessage().contains("exceeds the in-memory limit"), e.getMessage());
    }

    @Test
    void invalidVRNamesTheOffsetAndTag() {
        byte[] raw = {0x10, 0x00, 0x10, 0x00, 'x', '?', 2, 0, 'A', 'B'};
        DicomParseException e = assertThrows(DicomParseException.class, () -> {
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(raw),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, DicomInputStream.Options.defaults())) {
                in.readDataset();
            }
        });
        assertEquals("invalid VR 'x?' (0x783F) at byte offset 0 in (0010,0010)", e.getMessage());
    }

    @Test
    void attributesStayOrderedWhateverTheInsertionOrder() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientName, VR.PN, "B");
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setBytes(0x7FE00010, VR.OW, new byte[] {1, 0});
        ds.setString(0x00091010, VR.LO, "private");
        ds.setString(0x00090010, VR.LO, "ACME 1.0");
        assertEquals(java.util.List.of(0x00080005, 0x00090010, 0x00091010, 0x00100010, 0x7FE00010), ds.tags());
        assertEquals("ACME 1.0", ds.privateCreatorOf(0x00091010));
        ds.remove(0x00091010);
        assertEquals(4, ds.size());
        assertNull(ds.getString(0x00091010));
    }
}
