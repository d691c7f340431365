package org.dmask.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guard itself: a spool file that appeared since the snapshot fails, one that was there before does not. */
class NoSpoolLeftBehindTest {

    @Test
    void aNewSpoolFileFailsAndAnOldOneDoesNot() throws Exception {
        Set<Path> before = NoSpoolLeftBehind.spoolFiles();
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), NoSpoolLeftBehind.PREFIX,
                ".tmp");
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> NoSpoolLeftBehind.verify("this test", before));
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
            assertDoesNotThrow(() -> NoSpoolLeftBehind.verify("this test", NoSpoolLeftBehind.spoolFiles()));
        } finally {
            Files.delete(file);
        }
    }
}
