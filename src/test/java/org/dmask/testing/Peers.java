package org.dmask.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support for real peer tools (DCMTK, dicom3tools, GDCM, PixelMed ...) and the shared test data. A missing tool
 * or missing shared data fails the test on CI (env {@code CI=true}) and skips it locally.
 */
public final class Peers {

    /** Result of one peer process: exit code, stdout and stderr as bytes. */
    public record ProcessResult(List<String> command, int exitCode, byte[] stdout, byte[] stderr) {
        public String stdoutUtf8() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderrUtf8() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** Stdout as ISO-8859-1: every byte maps to one char, safe for binary output. */
        public String stdoutLatin1() {
            return new String(stdout, StandardCharsets.ISO_8859_1);
        }

        public String stderrLatin1() {
            return new String(stderr, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\nstderr: " + stderrUtf8();
        }
    }

    private Peers() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The tool's path on PATH; fails on CI, skips locally when missing. */
    public static Path require(String tool, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Paths.get(dir, tool);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        missing(tool + " not installed", "apt-get install " + debianPackage);
        return null; // not reached
    }

    /** A file (e.g. a jar) that must exist; same CI-fail / local-skip rule. */
    public static Path requireFile(Path file, String debianPackage) {
        if (!Files.exists(file)) {
            missing(file + " not installed", "apt-get install " + debianPackage);
        }
        return file;
    }

    /** A path below the shared test data directory (system property dmask.test.shared, default ../shared). */
    public static Path shared(String sub) {
        String base = System.getProperty("dmask.test.shared");
        Path dir = base == null || base.isBlank() ? Paths.get("..", "shared") : Paths.get(base);
        Path p = dir.resolve(sub).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            missing("shared test data " + p + " missing",
                    "set -Ddmask.test.shared=/path/to/shared or check out the shared directory");
        }
        return p;
    }

    private static void missing(String what, String fix) {
        if (onCi()) {
            Assertions.fail(what + " (CI=true) missing: " + fix);
        }
        Assumptions.abort(what + "; skipped (" + fix + ")");
    }

    /** Runs a peer with TCP_NODELAY=1 in its environment; fails the test when it does not end within the timeout. */
    public static ProcessResult run(Duration timeout, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        CompletableFuture<byte[]> out = drainAsync(p.getInputStream());
        CompletableFuture<byte[]> err = drainAsync(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                Assertions.fail("peer timed out after " + timeout + ": " + String.join(" ", cmd));
            }
            return new ProcessResult(List.copyOf(cmd), p.exitValue(), out.get(30, TimeUnit.SECONDS),
                    err.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("cannot read output of " + cmd, e);
        }
    }

    public static ProcessResult run(Duration timeout, String... cmd) {
        return run(timeout, List.of(cmd));
    }

    /** One thread per stream, so a full stderr pipe can never block stdout draining. */
    private static CompletableFuture<byte[]> drainAsync(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(drain(in)), "peer-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
