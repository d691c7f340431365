package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomParseException;
import org.dmask.dicom.TransferSyntax;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the malformed corpus either gives a {@link DicomParseException} that names a byte offset, or parses
 * where DCMTK's dcmdump parses it too (read in the transfer syntax we detected, so that a file without meta is judged
 * the same way) — never another exception, never an OutOfMemoryError.
 */
@PeerTest
class MalformedCorpusTest {

    @TestFactory
    Stream<DynamicTest> malformedFilesAreRejectedCleanlyOrParsedLikeDcmdump() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Peers.shared("dicom-corpus/malformed"))) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 10, "malformed corpus has " + files.size() + " files");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) {
        Attributes fmi;
        TransferSyntax ts;
        try (DicomInputStream in = new DicomInputStream(file)) {
            fmi = in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            ts = in.transferSyntax();
            assertNotNull(ds);
        } catch (DicomParseException e) {
            assertTrue(e.getMessage().contains("at byte offset " + e.offset()), e.getMessage());
            assertTrue(e.offset() >= 0 && e.offset() <= sizeOf(file), "offset within the file: " + e.getMessage());
            return;
        } catch (Throwable t) {
            fail(file.getFileName() + ": expected a DicomParseException or success, got " + t, t);
            return;
        }
        Path dcmdump = Peers.require("dcmdump", "dcmtk");
        List<String> cmd = new ArrayList<>(List.of(dcmdump.toString(), "-q"));
        if (fmi == null) {
            cmd.add("-f");
            cmd.add(ts.explicitVR() ? (ts.bigEndian() ? "-tb" : "-te") : "-ti");
        }
        cmd.add(file.toString());
        Peers.ProcessResult r = Peers.run(Duration.ofMinutes(1), cmd);
        assertEquals(0, r.exitCode(), file.getFileName() + " parsed by dmask but not by dcmdump: " + r);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
