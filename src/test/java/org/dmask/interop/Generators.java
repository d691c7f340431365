package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Runs one of the project's generators (tools/src/main/java/org/dmask/tools, also run by tools/generate.sh) into a
 * scratch folder, so that a test can compare what it writes with what is committed.
 */
public final class Generators {

    private Generators() {
    }

    /** Compiles the tools and runs {@code org.dmask.tools.<generator> <standard> <out>}; fails the test on error. */
    public static void run(String generator, Path standard, Path out) throws IOException, InterruptedException {
        Path sources = Path.of("tools/src/main/java/org/dmask/tools").toAbsolutePath();
        assertTrue(Files.isDirectory(sources), "missing " + sources);
        Path classes = Files.createDirectories(out.resolve(".tools-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
        try (Stream<Path> files = Files.list(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0])),
                "the generators do not compile");
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path log = out.resolve(".generator.log");
        Process p = new ProcessBuilder(java, "-cp", classes.toString(), "org.dmask.tools." + generator,
                standard.toAbsolutePath().toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(generator + " timed out");
        }
        assertEquals(0, p.exitValue(), () -> generator + " failed:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
