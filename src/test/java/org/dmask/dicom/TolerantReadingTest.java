package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader tolerates what DCMTK and pydicom read, where nothing is lost, and says so: zero padding after the data
 * set (kept: the data set; dropped: the zeros), and a data set without a Part 10 header (preamble, "DICM", meta
 * group), its transfer syntax inferred as DCMTK does: implicit or explicit VR little endian.
 */
class TolerantReadingTest {

    private static final int PADDING = 2_500_000;

    @TempDir
    Path tmp;

    private record Read(Attributes fmi, Attributes ds, TransferSyntax ts, List<String> tolerated) {
    }

    private static Read read(Path f) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            Attributes fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ds.disposeBulkData();
            return new Read(fmi, ds, in.transferSyntax(), in.tolerated());
        }
    }

    private Path padded(Path source, int zeros) throws IOException {
        Path out = tmp.resolve("padded-" + source.getFileName());
        Files.copy(source, out);
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.APPEND)) {
            o.write(new byte[zeros]);
        }
        return out;
    }

    /** The file's data set alone, as it is encoded after its meta group. */
    private Path withoutHeader(Path source) throws IOException {
        byte[] all = Files.readAllBytes(source);
        int offset;
        try (DicomInputStream in = new DicomInputStream(source)) {
            assertNotNull(in.readFileMetaInformation());
            offset = (int) in.position();
        }
        Path out = tmp.resolve("bare-" + source.getFileName());
        Files.write(out, Arrays.copyOfRange(all, offset, all.length));
        return out;
    }

    @Test
    void zeroPaddingAfterTheDataSetIsDroppedWithAWarning() throws Exception {
        for (String name : List.of("pydicom__CT_small.dcm", "pydicom__MR_small_implicit.dcm",
                "pydicom__MR_small_bigendian.dcm")) {
            Path source = Peers.shared("dicom-corpus/dev/" + name);
            Read original = read(source);
            Read got = read(padded(source, PADDING));
            assertEquals(original.ds().size(), got.ds().size(), name + ": every element kept");
            assertEquals(original.ds().getString(Tag.SOPInstanceUID), got.ds().getString(Tag.SOPInstanceUID));
            assertEquals(original.ds().tagAt(original.ds().size() - 1), got.ds().tagAt(got.ds().size() - 1),
                    name + ": the last element is the same");
            assertEquals(List.of(), original.tolerated());
            assertEquals(List.of(PADDING + " bytes of zero padding after the data set ignored"), got.tolerated(),
                    name);
        }
    }

    @Test
    void somethingOtherThanZerosAfterThePaddingStillFails() throws Exception {
        Path f = padded(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"), 4096);
        try (OutputStream o = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
            o.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        DicomParseException e = assertThrows(DicomParseException.class, () -> read(f));
        assertTrue(e.getMessage().contains("are not padding"), e.getMessage());
    }

    @Test
    void aDataSetWithoutPart10HeaderIsReadInTheInferredSyntax() throws Exception {
        record Case(String name, TransferSyntax expected) {
        }
        for (Case c : List.of(new Case("pydicom__MR_small_implicit.dcm", TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                new Case("pydicom__CT_small.dcm", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                new Case("pydicom__rtplan.dcm", null))) {
            Path source = Peers.shared("dicom-corpus/dev/" + c.name());
            Read original = read(source);
            Read got = read(withoutHeader(source));
            assertNull(got.fmi(), c.name());
            assertEquals(c.expected() == null ? original.ts() : c.expected(), got.ts(), c.name());
            assertEquals(original.ds().size(), got.ds().size(), c.name() + ": every element read");
            assertEquals(original.ds().getString(Tag.SOPInstanceUID), got.ds().getString(Tag.SOPInstanceUID));
            assertEquals(List.of("no Part 10 header: read as " + got.ts().name() + " (inferred)"), got.tolerated(),
                    c.name());
        }
        // The corpus's own bare data set (pydicom's ExplVR_LitEndNoMeta), which dcmdump reads as explicit VR.
        Read bare = read(Peers.shared("dicom-corpus/dev/pydicom__ExplVR_LitEndNoMeta.dcm"));
        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bare.ts());
        assertNotNull(bare.ds().getString(Tag.SOPInstanceUID));
        assertEquals(1, bare.tolerated().size(), bare.tolerated().toString());
    }

    @Test
    void aMetaGroupWithoutTransferSyntaxIsReadInTheInferredSyntax() throws Exception {
        Read got = read(Peers.shared("dicom-corpus/malformed/pydicom__meta_missing_tsyntax.dcm"));
        assertNotNull(got.fmi());
        assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, got.ts(), "as dcmdump reads it");
        assertTrue(got.ds().size() > 0);
        assertEquals(List.of("no Transfer Syntax UID in the meta group: read as Implicit VR Little Endian "
                + "(inferred)"), got.tolerated());
    }
}
