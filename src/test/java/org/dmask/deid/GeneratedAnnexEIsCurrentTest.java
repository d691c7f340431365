package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.interop.Generators;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runs tools/src/main/java/org/dmask/tools/GenerateAnnexE.java against the standard's JSON and checks that the
 * committed action table is byte-identical.
 */
class GeneratedAnnexEIsCurrentTest {

    static final String TABLE = "src/main/resources/org/dmask/deid/annex-e.txt";

    @Test
    void actionTableIsCurrent(@TempDir Path tmp) throws IOException, InterruptedException {
        Path standard = Peers.shared("dicom-standard");
        Path root = Path.of("").toAbsolutePath();
        Generators.run("GenerateAnnexE", standard, tmp);
        assertArrayEquals(Files.readAllBytes(root.resolve(TABLE)), Files.readAllBytes(tmp.resolve(TABLE)),
                TABLE + " is out of date; regenerate with tools/generate.sh");
    }
}
