package org.dmask.cli;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.dmask.testing.Peers;
import org.dmask.route.delivery.DeadLetterCipher;
import org.dmask.route.Gateway;
import org.junit.jupiter.api.Test;

/**
 * {@code dmask dead-letter open}: an encrypted dead letter comes back byte for byte, owner-only; a changed one is a
 * one-line error and leaves nothing behind.
 */
@QuarkusMainTest
@TestProfile(DeadLetterCommandTest.Profile.class)
@SlowTest
class DeadLetterCommandTest {

    static final Path WORK = Path.of("target", "dead-letter-command-test-" + ProcessHandle.current().pid())
            .toAbsolutePath();
    static final Path KEY = WORK.resolve("keys/dead-letters.key");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dmask.route.dead-letter-key-file", KEY.toString());
        }
    }

    @Test
    void opensAnEncryptedDeadLetter(QuarkusMainLauncher launcher) throws Exception {
        Files.createDirectories(WORK);
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        DeadLetterCipher cipher = Gateway.deadLetterCipher(KEY); // generates the key as the gateway would
        Path sealed = WORK.resolve("x.dcm.enc");
        try (InputStream in = Files.newInputStream(ct); OutputStream out = Files.newOutputStream(sealed)) {
            cipher.encrypt(in, out);
        }
        Path opened = WORK.resolve("x.dcm");
        LaunchResult r = launcher.launch("dead-letter", "open", sealed.toString(), opened.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertArrayEquals(Files.readAllBytes(ct), Files.readAllBytes(opened));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(opened)));

        byte[] bytes = Files.readAllBytes(sealed);
        bytes[bytes.length - 5] ^= 1;
        Path changed = WORK.resolve("changed.dcm.enc");
        Files.write(changed, bytes);
        Path none = WORK.resolve("changed.dcm");
        LaunchResult bad = launcher.launch("dead-letter", "open", changed.toString(), none.toString());
        assertEquals(1, bad.exitCode());
        String err = bad.getErrorOutput().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("does not decrypt"), err);
        assertFalse(Files.exists(none), "nothing half written");
        assertFalse(Files.exists(WORK.resolve(".changed.dcm.part")));
    }
}
