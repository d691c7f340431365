package org.dmask.interop;

import org.dmask.testing.StorescuUntilKilled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dimse.StoreScu;
import org.dmask.route.GatewayHarness;
import org.dmask.route.GatewayMain;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the route core under load: storescu sends 500 instances to the gateway in a child JVM, which forwards
 * them (de-identified) to storescp; the child is killed at a point fixed by the seed, then restarted on the same
 * folders. Every instance storescu saw acknowledged reaches storescp at least once (found by its keyed pseudonymous
 * SOP Instance UID), complete; nothing is left in the spool, the store or dead letters. The same with four storescu
 * sending at once.
 */
@PeerTest
class RouteKillTest {

    private static final long SEED = 20261122L;
    private static final int INSTANCES = 500;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedInstanceReachesTheTargetAfterKillMinus9() throws Exception {
        killUnderLoad(1);
    }

    /** Four associations at once: their dispatches run together and share the spool's and the job store's fsyncs. */
    @Test
    void everyAcknowledgedInstanceReachesTheTargetAfterKillMinus9OverParallelAssociations() throws Exception {
        killUnderLoad(4);
    }

    private void killUnderLoad(int associations) throws Exception {
        Path storescu = Peers.require("storescu", "dcmtk");
        List<Path> instances = RouteTestSupport.copies(Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm"),
                tmp.resolve("outbox"), INSTANCES, "8008");
        List<Path> folders = new ArrayList<>();
        for (int a = 0; a < associations; a++) {
            folders.add(Files.createDirectories(tmp.resolve("outbox-" + a)));
        }
        for (int k = 0; k < instances.size(); k++) {
            Files.move(instances.get(k), folders.get(k % associations).resolve(instances.get(k).getFileName()));
        }
        int killAfter = 50 + new Random(SEED + associations - 1).nextInt(INSTANCES - 100);
        int targetPort = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: all
                    deid: basic
                    targets: [dcmtk]
                """.formatted(targetPort));
        Path work = Files.createDirectories(tmp.resolve("gw"));
        Process storescp = RouteTestSupport.storescp(targetPort, out, tmp.resolve("storescp.log"));
        try {
            assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
                List<Path> acknowledged = new ArrayList<>();
                Process gw = startGateway(work, rules, tmp.resolve("port1"));
                try {
                    int port = Integer.parseInt(Files.readString(tmp.resolve("port1")));
                    acknowledged.addAll(StorescuUntilKilled.send(storescu, port, folders, killAfter, gw));
                } finally {
                    gw.destroyForcibly();
                    gw.waitFor();
                }
                assertTrue(acknowledged.size() >= killAfter && acknowledged.size() < INSTANCES,
                        "acknowledged " + acknowledged.size() + ", killed after " + killAfter);
                int arrivedBeforeRestart = RouteTestSupport.files(out, ".dcm").size();
                assertTrue(arrivedBeforeRestart < acknowledged.size(), "the kill left work to do: "
                        + arrivedBeforeRestart + " of " + acknowledged.size() + " arrived before it");

                Process again = startGateway(work, rules, tmp.resolve("port2"));
                try {
                    RouteTestSupport.await(Duration.ofMinutes(2), "the restarted gateway to finish", () ->
                            RouteTestSupport.files(work.resolve("store/jobs"), ".job").isEmpty()
                                    && RouteTestSupport.files(work.resolve("spool"), ".dcm").isEmpty());
                } finally {
                    again.destroyForcibly();
                    again.waitFor();
                }
                Pseudonymizer p = new Pseudonymizer(GatewayHarness.KEY);
                Set<String> arrived = new HashSet<>();
                for (Path f : RouteTestSupport.files(out, ".dcm")) {
                    Attributes ds = RouteTestSupport.read(f); // complete: parses to the end
                    assertTrue(ds.contains(Tag.PixelData), "no pixel data in " + f);
                    arrived.add(ds.getString(Tag.SOPInstanceUID));
                }
                List<String> lost = new ArrayList<>();
                for (Path sent : acknowledged) {
                    String iuid = StoreScu.probe(sent).iuid();
                    if (!arrived.contains(p.uid(iuid))) {
                        lost.add(iuid);
                    }
                }
                assertEquals(List.of(), lost, "acknowledged but never delivered");
                assertEquals(List.of(), RouteTestSupport.files(work.resolve("store/dead-letters"), ".dcm"));
                assertEquals(List.of(), RouteTestSupport.files(work.resolve("store/objects"), ".dcm"));
            });
        } finally {
            RouteTestSupport.stop(storescp);
        }
    }

    private Process startGateway(Path work, Path rules, Path portFile) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = tmp.resolve(portFile.getFileName() + ".log");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), work.toString(), rules.toString(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 600 && !Files.exists(portFile); i++) {
            if (!p.isAlive()) {
                throw new AssertionError("gateway JVM died: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        assertTrue(Files.exists(portFile), "gateway JVM did not start: " + Files.readString(log));
        return p;
    }
}
