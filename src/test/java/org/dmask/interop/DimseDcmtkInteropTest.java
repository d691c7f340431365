package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dmask.dimse.ScpSettings;
import org.dmask.dimse.ScuSettings;
import org.dmask.dimse.Status;
import org.dmask.dimse.StoreScp;
import org.dmask.dimse.StoreScu;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DCMTK against dmask over plain TCP: echoscu and storescu into our SCP, and our SCU into storescp, for every
 * transfer syntax in the corpus. Received objects must list the same as what was sent (normalised dcmdump).
 */
@PeerTest
class DimseDcmtkInteropTest {

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static StoreScp scp;

    @BeforeAll
    static void startScp() throws IOException {
        scp = new StoreScp(ScpSettings.localDefaults("DMASK", 0, tmp.resolve("spool"))).start();
    }

    @AfterAll
    static void stopScp() {
        if (scp != null) {
            scp.close();
        }
    }

    @Test
    void echoscuIsAnsweredAndUnknownCalledAeTitleRejected() {
        Path echoscu = Peers.require("echoscu", "dcmtk");
        Peers.ProcessResult ok = Peers.run(PEER_TIMEOUT, echoscu.toString(), "-v", "-aec", "DMASK", "127.0.0.1",
                Integer.toString(scp.port()));
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.stderrUtf8().contains("Received Echo Response (Success)"), ok.stderrUtf8());

        Peers.ProcessResult rejected = Peers.run(PEER_TIMEOUT, echoscu.toString(), "-aec", "NOBODY", "127.0.0.1",
                Integer.toString(scp.port()));
        assertNotEquals(0, rejected.exitCode());
        assertTrue(rejected.stderrUtf8().contains("Called AE Title Not Recognized"), rejected.stderrUtf8());
    }

    @Test
    void storescuSendsEveryCorpusTransferSyntaxAndTheSpoolFileListsTheSame() throws IOException {
        Path storescu = Peers.require("storescu", "dcmtk");
        List<StoreScu.Instance> corpus = DimseTestSupport.dcmtkCorpus();
        Set<String> syntaxes = new TreeSet<>();
        for (StoreScu.Instance i : corpus) {
            Path cfg = DimseTestSupport.dcmtkConfig(tmp.resolve("one.cfg"), null, null, true, List.of(i));
            Peers.ProcessResult r = Peers.run(PEER_TIMEOUT, storescu.toString(), "-v", "-aec", "DMASK",
                    "-xf", cfg.toString(), "Default", "127.0.0.1", Integer.toString(scp.port()), i.file().toString());
            assertEquals(0, r.exitCode(), i.file() + ": " + r);
            assertTrue(r.stderrUtf8().contains("Received Store Response (Success)"), i.file() + ": " + r.stderrUtf8());
            Path received = scp.spool().directory().resolve(i.iuid() + ".dcm");
            assertTrue(Files.isRegularFile(received), "not in spool: " + received);
            assertSameContent(i.file(), received);
            Files.delete(received);
            syntaxes.add(i.ts().uid());
        }
        assertTrue(syntaxes.size() >= 15, "corpus transfer syntaxes covered: " + syntaxes);
        assertNoPartFiles(scp.spool().directory());
    }

    @Test
    void storescuSendsTheWholeCorpusDirectoryOnOneAssociation() throws IOException {
        Path storescu = Peers.require("storescu", "dcmtk");
        List<StoreScu.Instance> corpus = DimseTestSupport.dcmtkCorpus();
        Path cfg = DimseTestSupport.dcmtkConfig(tmp.resolve("all.cfg"), null, null, true, corpus);
        Path dir = Files.createDirectories(tmp.resolve("send-dir"));
        for (StoreScu.Instance i : corpus) {
            Files.copy(i.file(), dir.resolve(i.file().getFileName()));
        }
        Peers.ProcessResult r = Peers.run(PEER_TIMEOUT, storescu.toString(), "-v", "-aec", "DMASK", "+sd",
                "-xf", cfg.toString(), "Default", "127.0.0.1", Integer.toString(scp.port()), dir.toString());
        assertEquals(0, r.exitCode(), r.toString());
        long successes = r.stderrUtf8().lines().filter(l -> l.contains("Received Store Response (Success)")).count();
        assertEquals(corpus.size(), successes, r.stderrUtf8());
        assertEquals(1, r.stderrUtf8().lines().filter(l -> l.contains("Association Accepted")).count());
        assertNoPartFiles(scp.spool().directory());
    }

    @Test
    void dmaskScuSendsEveryCorpusFileToStorescp() throws Exception {
        Path storescp = Peers.require("storescp", "dcmtk");
        List<StoreScu.Instance> corpus = DimseTestSupport.dcmtkCorpus();
        Set<String> cuids = new LinkedHashSet<>();
        Set<String> tss = new LinkedHashSet<>();
        for (StoreScu.Instance i : corpus) {
            cuids.add(i.cuid());
            tss.add(i.ts().uid());
        }
        Path cfg = DimseTestSupport.dcmtkConfig(tmp.resolve("scp.cfg"), cuids, tss, false, null);
        int port = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        ProcessBuilder pb = new ProcessBuilder(storescp.toString(), "-aet", "DCMTK", "-xf", cfg.toString(), "Default",
                "-od", out.toString(), "-fe", ".dcm", "+B", Integer.toString(port));
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("storescp.log").toFile());
        Process p = pb.start();
        try {
            waitForPort(port);
            // One file per SOP instance UID: storescp names files by UID, and the corpus repeats some UIDs.
            List<StoreScu.Instance> unique = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            for (StoreScu.Instance i : corpus) {
                if (seen.add(i.iuid())) {
                    unique.add(i);
                }
            }
            StoreScu scu = new StoreScu(ScuSettings.of("127.0.0.1", port, "DCMTK", "DMASKSCU"));
            List<StoreScu.Result> results = scu.store(unique.stream().map(StoreScu.Instance::file).toList(), r -> { });
            for (StoreScu.Result r : results) {
                assertEquals(Status.SUCCESS, r.status(), r.file() + ": " + r + "\n" + Files.readString(tmp.resolve("storescp.log")));
            }
            for (StoreScu.Instance i : unique) {
                Path received;
                try (Stream<Path> files = Files.list(out)) {
                    received = files.filter(f -> f.getFileName().toString().endsWith(i.iuid() + ".dcm")).findFirst()
                            .orElseThrow(() -> new AssertionError("storescp did not store " + i.iuid()));
                }
                assertSameContent(i.file(), received);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    static void waitForPort(int port) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    static void assertSameContent(Path sent, Path received) {
        DcmdumpListing.Listing a = DcmdumpListing.of(sent);
        DcmdumpListing.Listing b = DcmdumpListing.of(received);
        assertEquals(0, b.result().exitCode(), "dcmdump cannot read " + received + ": " + b.result());
        // DCMTK drops data set trailing padding (FFFC,FFFC) when it sends; it carries no content.
        List<String> expected = a.lines().stream().filter(l -> !l.startsWith("(fffc,fffc)")).toList();
        List<String> actual = b.lines().stream().filter(l -> !l.startsWith("(fffc,fffc)")).toList();
        assertTrue(expected.equals(actual), sent.getFileName() + " differs after transfer:\n"
                + DcmdumpListing.diff(expected, actual, 3, 20));
    }

    static void assertNoPartFiles(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            List<Path> parts = files.filter(f -> f.toString().endsWith(".part")).toList();
            assertTrue(parts.isEmpty(), "stray part files: " + parts);
        }
    }
}
