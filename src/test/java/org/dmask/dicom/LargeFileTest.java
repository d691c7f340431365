package org.dmask.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
class LargeFileTest {

    private static final int FRAGMENT = 64 * 1024 * 1024;
    private static final int FRAGMENTS = 65; // 65 x 64 MiB = 4.06 GiB, past the 32-bit boundary

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
        writeLargeVideoObject(source);
        assertTrue(Files.size(source) > 4L * 1024 * 1024 * 1024);

        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RoundTrip.class.getName(), source.toString(), copy.toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(10, TimeUnit.MINUTES), "child JVM timed out");
        assertEquals(0, child.exitValue(), "child JVM failed:\n" + output);
        assertTrue(output.contains("fragments=" + (FRAGMENTS + 1)), output);

        assertEquals(Files.size(source), Files.size(copy));
        assertEquals(sha256(source), sha256(copy), "the rewritten object differs from the source");
    }

    /** Meta group and header attributes through our writer; the pixel data element appended in its raw encoding. */
    private static void writeLargeVideoObject(Path file) throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.VideoPhotographicImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1234567890");
        ds.setString(Tag.Modality, VR.CS, "XC");
        ds.setString(Tag.NumberOfFrames, VR.IS, "1");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            DicomOutputStream dos = new DicomOutputStream(out);
            dos.writeDicomFile(null, ds, TransferSyntax.of(UID.MPEG4HP41));
            dos.flush();
            ByteBuffer header = ByteBuffer.allocate(12 + 8).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                    .putInt(-1);
            header.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0); // empty basic offset table
            out.write(header.array());
            byte[] chunk = new byte[FRAGMENT];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + (i >>> 16));
            }
            ByteBuffer item = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int f = 0; f < FRAGMENTS; f++) {
                item.clear();
                item.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(FRAGMENT);
                out.write(item.array());
                chunk[0] = (byte) f;
                out.write(chunk);
            }
            item.clear();
            item.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
            out.write(item.array());
        }
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
