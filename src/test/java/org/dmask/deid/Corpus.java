package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.TransferSyntax;
import org.dmask.interop.Peers;

/** The dev corpus and helpers shared by the de-identification tests. */
final class Corpus {

    /** The key the tests de-identify with (never used outside tests). */
    static final String TEST_KEY = "dmask-test-key-0123456789abcdef";

    private Corpus() {
    }

    static List<Path> devFiles() throws IOException {
        Path dev = Peers.shared("dicom-corpus/dev");
        try (Stream<Path> s = Files.list(dev)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            assertTrue(files.size() > 0, "no files in " + dev);
            return files;
        }
    }

    static TransferSyntax transferSyntaxOf(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            return in.transferSyntax();
        }
    }

    /**
     * The whole byte stream of a Part 10 file as it would be read: the file itself, or for a deflated transfer
     * syntax the preamble and meta group followed by the inflated data set.
     */
    static byte[] plainBytes(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (!transferSyntaxOf(file).deflated()) {
            return all;
        }
        int metaEnd = 144 + ByteBuffer.wrap(all, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream(all.length * 4);
        out.write(all, 0, metaEnd);
        try (InputStream in = new InflaterInputStream(
                new java.io.ByteArrayInputStream(all, metaEnd, all.length - metaEnd), new Inflater(true))) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }
}
