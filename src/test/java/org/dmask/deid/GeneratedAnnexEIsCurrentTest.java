package org.dmask.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dmask.interop.Peers;
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
        Path generator = root.resolve("tools/src/main/java/org/dmask/tools/GenerateAnnexE.java");
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, generator.toString(), standard.toAbsolutePath().toString(), tmp.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("generator.log").toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("generator timed out");
        }
        assertEquals(0, p.exitValue(), () -> "generator failed:\n" + log(tmp));
        assertArrayEquals(Files.readAllBytes(root.resolve(TABLE)), Files.readAllBytes(tmp.resolve(TABLE)),
                TABLE + " is out of date; regenerate with: java tools/src/main/java/org/dmask/tools/GenerateAnnexE.java "
                        + "<shared>/dicom-standard .");
    }

    private static String log(Path tmp) {
        try {
            return Files.readString(tmp.resolve("generator.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
