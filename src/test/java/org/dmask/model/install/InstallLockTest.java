package org.dmask.model.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install lock holds across JVMs: a second process waits until the first lets go. */
@SlowTest
class InstallLockTest {

    private static final long HOLD_MS = 1500;

    /** The other JVM: takes the lock, says so, holds it, lets go. */
    public static void main(String[] args) throws Exception {
        try (InstallLock lock = InstallLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(HOLD_MS);
        }
    }

    @Test
    void aSecondJvmWaitsForTheFirst(@TempDir Path dir) throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), InstallLockTest.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
            long start = System.nanoTime();
            try (InstallLock lock = InstallLock.acquire(dir)) {
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(waitedMs >= HOLD_MS / 2, "waited only " + waitedMs + " ms for the other JVM's lock");
            }
        } finally {
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, other.exitValue());
    }
}
