package org.dmask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line as the dmask script runs it: help, dump, deid and completion answer without starting
 * the application (Quarkus logs no start at INFO), while a command that needs it does start it. Start times are
 * measured in conformance/benchmarks.md, not here.
 */
@SlowTest // run by failsafe after the package phase (mvn verify), against the jar just built
class PackagedStartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /** Quarkus's line once the application runs: "dmask 0.1.0 on JVM (powered by Quarkus 3.31.2) started in 2.1s." */
    private static final String STARTED = "(powered by Quarkus";

    private static Peers.ProcessResult dmask(Path cwd, String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", "-Dquarkus.log.level=INFO", "-Dquarkus.http.port=0",
                "-Dquarkus.http.ssl-port=0", "-Dquarkus.management.port=0", "-Duser.dir=" + cwd,
                "-Ddmask.deid.key-file=" + cwd.resolve("deid.key"), "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return Peers.run(Duration.ofSeconds(120), cmd);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void helpDumpDeidAndCompletionDoNotStartTheApplication(@TempDir Path tmp) throws Exception {
        // failsafe runs this after the package phase, so the jar is the one just built
        assertTrue(Files.isRegularFile(JAR), "no " + JAR + ": run it with ./mvnw verify (after the package phase)");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        String[][] standalone = {{"help"}, {"dump", ct.toString()}, {"completion"}, {"mask", "--help"},
            {"deid", "--profile", "basic", ct.toString(), tmp.resolve("out.dcm").toString()}};
        for (String[] args : standalone) {
            Peers.ProcessResult r = dmask(tmp, args);
            String all = text(r.stdout()) + text(r.stderr());
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + all);
            assertFalse(all.contains(STARTED), String.join(" ", args) + " started the application: " + all);
        }
        assertTrue(Files.size(tmp.resolve("out.dcm")) > 1000);
        Peers.ProcessResult usage = dmask(tmp, "dump", "--width");
        assertEquals(2, usage.exitCode());
        assertFalse((text(usage.stdout()) + text(usage.stderr())).contains(STARTED));

        // the control: a command that needs CDI starts the application, and the check above would have seen it
        Peers.ProcessResult reid = dmask(tmp, "reid-lookup", "x");
        String all = text(reid.stdout()) + text(reid.stderr());
        assertEquals(2, reid.exitCode(), all);
        assertTrue(all.contains(STARTED), all);
    }
}
