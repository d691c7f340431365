package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.dmask.dicom.LargeVideoObjects;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.BulkData;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.Fragments;
import org.dmask.dicom.Tag;
import org.dmask.dimse.ScpMain;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming receipt: storescu sends a 4 GiB Video Photographic object (made here under target/, deleted after) to an
 * SCP running in a child JVM with {@code -Xmx256m}; the spooled copy has the same fragments, byte for byte.
 */
@PeerTest
class DimseLargeObjectTest {


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
        LargeVideoObjects.write(source, "2.25.4294967296");
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
            assertEquals(LargeVideoObjects.FRAGMENTS + 1, frags.size());
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
}
