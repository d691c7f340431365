package org.dmask.interop;

import org.dmask.testing.StorescuUntilKilled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.DicomInputStream;
import org.dmask.dicom.DicomOutputStream;
import org.dmask.dicom.Tag;
import org.dmask.dicom.VR;
import org.dmask.dimse.Durability;
import org.dmask.dimse.ScpMain;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Durability across kill -9: storescu sends 500 instances to an SCP in a child JVM, which is killed at a point fixed
 * by the seed. After a restart every instance storescu saw acknowledged is in the spool with the data set it sent
 * (SHA-256), and no partial file is there to be taken as complete. The same with four storescu sending at once (the
 * spool's shared folder fsync under load), for each durability.
 */
@PeerTest
class DimseKillTest {

    private static final long SEED = 20261122L;
    private static final int INSTANCES = 500;
    private static final int ASSOCIATIONS = 4;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedInstanceSurvivesKillMinus9() throws Exception {
        Path storescu = Peers.require("storescu", "dcmtk");
        Path outbox = Files.createDirectories(tmp.resolve("outbox"));
        Map<String, String> sentDigest = makeInstances(outbox);
        Path spool = tmp.resolve("spool");
        int killAfter = 50 + new Random(SEED).nextInt(INSTANCES - 100);

        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Process scp = startScp(spool, tmp.resolve("port1"));
            List<Path> acknowledged = new ArrayList<>();
            try {
                int port = Integer.parseInt(Files.readString(tmp.resolve("port1")));
                ProcessBuilder pb = new ProcessBuilder(storescu.toString(), "-v", "-aec", "DMASK", "+sd", "-nh",
                        "127.0.0.1", Integer.toString(port), outbox.toString()).redirectErrorStream(true);
                pb.environment().put("TCP_NODELAY", "1");
                Process scu = pb.start();
                scu.getOutputStream().close();
                Path sending = null;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(scu.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("I: Sending file: ")) {
                            sending = Path.of(line.substring("I: Sending file: ".length()).strip());
                        } else if (line.contains("Received Store Response (Success)") && sending != null) {
                            acknowledged.add(sending);
                            if (acknowledged.size() == killAfter) {
                                scp.destroyForcibly(); // SIGKILL
                            }
                        }
                    }
                }
                scu.waitFor(60, TimeUnit.SECONDS);
            } finally {
                scp.destroyForcibly();
                scp.waitFor();
            }
            assertTrue(acknowledged.size() >= killAfter && acknowledged.size() < INSTANCES,
                    "acknowledged " + acknowledged.size() + ", killed after " + killAfter);

            Process restarted = startScp(spool, tmp.resolve("port2"));
            try {
                assertSpoolHolds(spool, acknowledged, sentDigest);
            } finally {
                restarted.destroyForcibly();
                restarted.waitFor();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyAcknowledgedInstanceSurvivesKillMinus9OverParallelAssociations(Durability durability) throws Exception {
        Path storescu = Peers.require("storescu", "dcmtk");
        Path outbox = Files.createDirectories(tmp.resolve("outbox"));
        Map<String, String> sentDigest = makeInstances(outbox);
        List<Path> folders = new ArrayList<>();
        for (int a = 0; a < ASSOCIATIONS; a++) {
            folders.add(Files.createDirectories(tmp.resolve("outbox-" + a)));
        }
        try (Stream<Path> files = Files.list(outbox)) {
            List<Path> all = files.sorted().toList();
            for (int k = 0; k < all.size(); k++) {
                Files.move(all.get(k), folders.get(k % ASSOCIATIONS).resolve(all.get(k).getFileName()));
            }
        }
        Path spool = tmp.resolve("spool");
        int killAfter = 50 + new Random(SEED + durability.ordinal()).nextInt(INSTANCES - 200);

        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Process scp = startScp(spool, tmp.resolve("port1"), durability);
            List<Path> acknowledged;
            try {
                int port = Integer.parseInt(Files.readString(tmp.resolve("port1")));
                acknowledged = StorescuUntilKilled.send(storescu, port, folders, killAfter, scp);
            } finally {
                scp.destroyForcibly();
                scp.waitFor();
            }
            assertTrue(acknowledged.size() >= killAfter && acknowledged.size() < INSTANCES,
                    "acknowledged " + acknowledged.size() + ", killed after " + killAfter);

            Process restarted = startScp(spool, tmp.resolve("port2"), durability);
            try {
                assertSpoolHolds(spool, acknowledged, sentDigest);
            } finally {
                restarted.destroyForcibly();
                restarted.waitFor();
            }
        });
    }

    /** Collects the files one storescu saw acknowledged; kills the SCP when all of them together reach the count. */
    /** No partial file; every complete file has the content sent; every acknowledged instance is there. */
    private static void assertSpoolHolds(Path spool, List<Path> acknowledged, Map<String, String> sentDigest)
            throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            List<Path> all = files.toList();
            assertEquals(List.of(), all.stream().filter(f -> f.toString().endsWith(".part")).toList(),
                    "partial files after restart");
            for (Path f : all) {
                // Whatever is complete by name is complete in content.
                StoreScu.Instance got = StoreScu.probe(f);
                assertEquals(sentDigest.get(got.iuid()), datasetDigest(f, got.datasetOffset()), f.toString());
            }
        }
        for (Path sent : acknowledged) {
            StoreScu.Instance i = StoreScu.probe(sent);
            Path received = spool.resolve(i.iuid() + ".dcm");
            assertTrue(Files.isRegularFile(received), "acknowledged but lost: " + i.iuid());
            assertEquals(sentDigest.get(i.iuid()), datasetDigest(received, StoreScu.datasetOffset(received)));
        }
    }

    private Process startScp(Path spool, Path portFile) throws IOException, InterruptedException {
        return startScp(spool, portFile, Durability.POWER_LOSS);
    }

    private Process startScp(Path spool, Path portFile, Durability durability)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                ScpMain.class.getName(), spool.toString(), "DMASK", portFile.toString(), durability.configName())
                .redirectErrorStream(true).redirectOutput(tmp.resolve(portFile.getFileName() + ".log").toFile())
                .start();
        for (int i = 0; i < 300 && !Files.exists(portFile); i++) {
            if (!p.isAlive()) {
                throw new AssertionError("SCP JVM died: " + Files.readString(tmp.resolve(portFile.getFileName() + ".log")));
            }
            Thread.sleep(50);
        }
        assertTrue(Files.exists(portFile), "SCP JVM did not start");
        return p;
    }

    /** 500 copies of a CT with new SOP Instance UIDs, written by our writer; returns UID -> data set SHA-256. */
    private static Map<String, String> makeInstances(Path dir) throws IOException {
        Attributes ds;
        Attributes fmi;
        try (DicomInputStream in = new DicomInputStream(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"))) {
            fmi = in.readFileMetaInformation();
            ds = in.readDataset();
        }
        Map<String, String> digests = new HashMap<>();
        var ts = org.dmask.dicom.TransferSyntax.of(fmi.getString(Tag.TransferSyntaxUID));
        for (int k = 0; k < INSTANCES; k++) {
            String iuid = "2.25.1122" + String.format("%05d", k);
            ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
            Path f = dir.resolve(String.format("ct%05d.dcm", k));
            try (OutputStream out = Files.newOutputStream(f)) {
                new DicomOutputStream(out).writeDicomFile(null, ds, ts);
            }
            digests.put(iuid, datasetDigest(f, StoreScu.datasetOffset(f)));
        }
        return digests;
    }

    /**
     * SHA-256 over the data set's content as our reader sees it: tags, VRs and values, items in order; group lengths
     * and (FFFC,FFFC) padding are left out because storescu re-encodes the data set and may change them.
     */
    static String datasetDigest(Path f, long offsetUnused) throws IOException {
        try (DicomInputStream in = new DicomInputStream(f)) {
            in.readFileMetaInformation();
            Attributes ds = in.readDataset();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            digest(ds, md);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(Attributes ds, MessageDigest md) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            if ((tag & 0xFFFF) == 0 || tag == 0xFFFCFFFC) {
                continue;
            }
            md.update(java.nio.ByteBuffer.allocate(4).putInt(tag).array());
            md.update(ds.vrAt(i).name().getBytes(StandardCharsets.US_ASCII));
            Object v = ds.valueAt(i);
            if (v instanceof byte[] b) {
                md.update(b);
            } else if (v instanceof org.dmask.dicom.BulkData bd) {
                md.update(bd.toBytes());
            } else if (v instanceof org.dmask.dicom.Sequence seq) {
                for (int k = 0; k < seq.size(); k++) {
                    md.update((byte) 0xFE);
                    digest(seq.get(k), md);
                }
            } else if (v instanceof org.dmask.dicom.Fragments frags) {
                for (int k = 0; k < frags.size(); k++) {
                    Object item = frags.get(k);
                    md.update(item instanceof byte[] b ? b : ((org.dmask.dicom.BulkData) item).toBytes());
                }
            }
        }
    }
}
