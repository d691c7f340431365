package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.testing.Peers;

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
}
