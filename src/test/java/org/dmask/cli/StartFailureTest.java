package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code dmask} says and exits with when Quarkus itself fails to start (DmaskMain's exit handler). */
class StartFailureTest {

    @Test
    void aConfigurationErrorWhileQuarkusStartsIsOneLineAndExitCode78() {
        var err = new java.io.ByteArrayOutputStream();
        var problem = new ConfigValidationException(new ConfigValidationException.Problem[] {
                new ConfigValidationException.Problem("SRCFG00039: The config property dmask.dimse.scp.port with the "
                        + "config value \"abc\" threw an Exception whilst being converted SRCFG00029: Expected an "
                        + "integer value, got \"abc\"")});
        int code = DmaskMain.startFailure(1, new RuntimeException("Failed to start quarkus", problem),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(78, code);
        assertEquals("dmask: configuration: The config property dmask.dimse.scp.port with the config value \"abc\" "
                + "threw an Exception whilst being converted Expected an integer value, got \"abc\"",
                err.toString(StandardCharsets.UTF_8).strip());

        err.reset();
        code = DmaskMain.startFailure(1, new RuntimeException("Failed to start quarkus",
                new ConfigurationException("dmask.deid.key-file /x: holds 3 bytes")),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(78, code);
        assertEquals("dmask: dmask.deid.key-file /x: holds 3 bytes", err.toString(StandardCharsets.UTF_8).strip());

        assertEquals(0, DmaskMain.startFailure(0, null, new PrintStream(err)), "a normal exit keeps its code");
        assertEquals(3, DmaskMain.startFailure(3, null, new PrintStream(err)));
    }
}
