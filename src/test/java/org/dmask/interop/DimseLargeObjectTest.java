package org.dmask.interop;

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
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dicom.TransferSyntax;
import org.dmask.dicom.UID;
import org.dmask.dicom.VR;
import org.dmask.dimse.ScpMain;
import org.dmask.dimse.StoreScu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming receipt: storescu sends a 4 GiB Video Photographic object (made here under target/, deleted after) to an
 * SCP running in a child JVM with {@code -Xmx256m}; the spooled copy has the same fragments, byte for byte.
 */
class DimseLargeObjectTest {

    private static final int FRAGMENT = 64 * 1024 * 1024;
    private static final int FRAGMENTS = 65; // 4.06 GiB

    private final Path dir = Path.of("target", "dimse-large-object-test").toAbsolutePath();

    @AfterEach
    void deleteEverything() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void fourGigabyteVideoIsReceivedBySmallHeapScp() throws Exception {
        Path storescu = Peers.require("storescu", "dcmtk");
        Files.createDirectories(dir);
        Path source = dir.resolve("large.dcm");
        writeLargeVideoObject(source);
        assertTrue(Files.size(source) > 4L * 1024 * 1024 * 1024);
        StoreScu.Instance sent = StoreScu.probe(source);

        Path spool = dir.resolve("spool");
        Path portFile = dir.resolve("port");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process scp = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ScpMain.class.getName(), spool.toString(), "DMASK", portFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("scp.log").toFile()).start();
        try {
            for (int i = 0; i < 300 && !Files.exists(portFile) && scp.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(portFile), "SCP JVM did not start");
            Path cfg = DimseTestSupport.dcmtkConfig(dir.resolve("video.cfg"), null, null, true, List.of(sent));
            Peers.ProcessResult r = Peers.run(Duration.ofMinutes(8), storescu.toString(), "-v", "-aec", "DMASK",
                    "-xf", cfg.toString(), "Default", "127.0.0.1", Files.readString(portFile), source.toString());
            assertEquals(0, r.exitCode(), r + "\n" + Files.readString(dir.resolve("scp.log")));
            assertTrue(r.stderrUtf8().contains("Received Store Response (Success)"), r.stderrUtf8());
            assertTrue(scp.isAlive(), "the SCP JVM died: " + Files.readString(dir.resolve("scp.log")));
        } finally {
            scp.destroyForcibly();
            scp.waitFor();
        }
        Path received = spool.resolve(sent.iuid() + ".dcm");
        assertEquals(fragmentDigest(source), fragmentDigest(received));
        try (Stream<Path> files = Files.list(spool)) {
            assertEquals(List.of(received), files.toList());
        }
    }

    private static String fragmentDigest(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            Fragments frags = (Fragments) ds.getValue(Tag.PixelData);
            assertEquals(FRAGMENTS + 1, frags.size());
            byte[] buf = new byte[1 << 20];
            for (Object f : frags) {
                md.update((byte) 0xFE);
                if (f instanceof byte[] b) {
                    md.update(b);
                } else {
                    try (InputStream s = ((BulkData) f).openStream()) {
                        for (int n; (n = s.read(buf)) > 0; ) {
                            md.update(buf, 0, n);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Meta group and header attributes through our writer; the pixel data appended in its raw encoding. */
    private static void writeLargeVideoObject(Path file) throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.VideoPhotographicImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.4294967296");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.4294967297");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.4294967298");
        ds.setString(Tag.Modality, VR.CS, "XC");
        ds.setString(Tag.NumberOfFrames, VR.IS, "1");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            DicomOutputStream dos = new DicomOutputStream(out);
            dos.writeDicomFile(null, ds, TransferSyntax.of(UID.MPEG4HP41));
            dos.flush();
            ByteBuffer header = ByteBuffer.allocate(12 + 8).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                    .putInt(-1);
            header.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
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
}
