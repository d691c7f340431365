package org.dmask.cli;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
@SlowTest
class DmaskMainTest {

    @Test
    @Launch(value = "help", exitCode = 0)
    void helpListsServe(LaunchResult result) {
        assertEquals(0, result.exitCode());
        assertTrue(result.getOutput().contains("Usage: dmask [-hV] COMMAND"), result.getOutput());
        assertTrue(result.getOutput().lines().anyMatch(l -> l.trim().startsWith("serve ")), result.getOutput());
    }

    @Test
    @Launch(value = "--help", exitCode = 0)
    void dashDashHelp(LaunchResult result) {
        assertTrue(result.getOutput().contains("serve"), result.getOutput());
    }

    @Test
    @Launch(value = "frobnicate", exitCode = 2)
    void unknownCommand(LaunchResult result) {
        assertEquals(2, result.exitCode());
        assertTrue(result.getErrorOutput().lines()
                        .anyMatch(l -> l.equals("dmask: unknown command 'frobnicate' (try: dmask help)")),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {}, exitCode = 2)
    void noArgumentsPrintsUsage(LaunchResult result) {
        assertTrue(result.getErrorOutput().startsWith("dmask: no command given"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("Usage: dmask [-hV] COMMAND"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"serve", "extra"}, exitCode = 2)
    void usageErrorIsOneLine(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("dmask serve: unexpected argument 'extra'"), result.getErrorOutput());
        assertTrue(!result.getErrorOutput().contains("\tat "), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"reid-lookup", "x"}, exitCode = 2)
    void aCommandThatNeedsTheApplicationRunsInIt(LaunchResult result) {
        // reid-lookup takes DeidService from CDI: the application started, and its answer is the command's own
        assertEquals("dmask reid-lookup: the re-identification map is off (dmask.deid.reid-map.enabled=false)",
                result.getErrorOutput().strip());
    }
}
