package org.dmask.dicom;

import org.dmask.testing.SlowTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming: a Video Photographic object of more than 4 GiB of encapsulated pixel data, made here on local disk, is
 * parsed and written again by a child JVM limited to {@code -Xmx256m}; the copy is byte-identical. Both files are
 * deleted afterwards.
 */
@SlowTest
class LargeFileTest {


    private final Path dir = Path.of("target", "large-file-test").toAbsolutePath();

    @AfterEach
    void deleteFiles() throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void fourGigabyteEncapsulatedObjectRoundTripsIn256MegabytesOfHeap() throws Exception {
        Files.createDirectories(dir);
        Path source = dir.resolve("large.dcm");
        Path copy = dir.resolve("copy.dcm");
        LargeVideoObjects.write(source, "2.25.1234567890");
        assertTrue(Files.size(source) > 4L * 1024 * 1024 * 1024);

        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RoundTrip.class.getName(), source.toString(), copy.toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, child.exitValue(), "child JVM failed:\n" + output);
        assertTrue(output.contains("fragments=" + (LargeVideoObjects.FRAGMENTS + 1)), output);

        assertEquals(Files.size(source), Files.size(copy));
        assertEquals(sha256(source), sha256(copy), "the rewritten object differs from the source");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Runs in the child JVM: parse with bulk data left on disk, then write in the same transfer syntax. */
    public static final class RoundTrip {
        public static void main(String[] args) throws IOException {
            Path in = Path.of(args[0]);
            Path out = Path.of(args[1]);
            try (DicomInputStream dis = new DicomInputStream(in)) {
                Attributes fmi = dis.readFileMetaInformation();
                Attributes ds = dis.readDataset();
                Fragments frags = (Fragments) ds.getValue(Tag.PixelData);
                try (DicomOutputStream dos = new DicomOutputStream(Files.newOutputStream(out))) {
                    dos.writeDicomFile(fmi, ds, dis.transferSyntax());
                }
                Runtime rt = Runtime.getRuntime();
                System.out.println("fragments=" + frags.size() + " maxHeap=" + rt.maxMemory()
                        + " usedHeap=" + (rt.totalMemory() - rt.freeMemory()));
            }
        }
    }
}
