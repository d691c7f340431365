package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Tag;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Deidentifier#deidentifyFile} on a deflated file, whose pixel data the reader spools to a temp file: the
 * spool is deleted whether the file is written or the move onto the output fails, and no part file is left.
 */
class DeidentifyFileTest {

    @TempDir
    Path tmp;

    private final Deidentifier deid = new Deidentifier(Profile.basic(), new Pseudonymizer(Corpus.TEST_KEY));
    private final Path deflated = Peers.shared("dicom-corpus/dev/pydicom__image_dfl.dcm");

    @Test
    void theDeflatedFileIsSpooled() throws IOException {
        try (DicomInputStream in = new DicomInputStream(deflated)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            assertTrue(ds.getValue(Tag.PixelData) instanceof BulkData b && b.temporary(),
                    "the premise of this test: a deflated file's pixel data is spooled");
            ds.disposeBulkData();
        }
    }

    @Test
    void writesTheResultAndLeavesNoSpool() throws IOException {
        List<Path> before = spoolFiles();
        Path out = tmp.resolve("out.dcm");
        deid.deidentifyFile(deflated, out);
        try (DicomInputStream in = new DicomInputStream(out)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            assertTrue(ds.contains(Tag.PixelData), "pixel data written");
            ds.disposeBulkData();
        }
        assertEquals(before, spoolFiles(), "spool files left in java.io.tmpdir");
        assertEquals(List.of(out), list(tmp), "only the result in the output folder");
    }

    @Test
    void aFailedMoveLeavesNeitherSpoolNorPartFile() throws IOException {
        List<Path> before = spoolFiles();
        Path out = Files.createDirectories(tmp.resolve("busy.dcm"));
        Files.writeString(out.resolve("keep"), "a non-empty folder cannot be replaced by a file");
        assertThrows(IOException.class, () -> deid.deidentifyFile(deflated, out));
        assertEquals(before, spoolFiles(), "spool files left in java.io.tmpdir");
        assertEquals(List.of(out), list(tmp), "a part file was left beside the output");
        assertEquals(List.of(out.resolve("keep")), list(out), "the folder in the way was changed");
    }

    private static List<Path> spoolFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("dmask-bulk-")).sorted().toList();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
