package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.dmask.deid.Pseudonymizer;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.dimse.StoreScu;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.KafkaBroker;
import org.dmask.testing.Peers;
import org.dmask.testing.SlowTest;
import org.dmask.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode end to end, from the packaged application: Kafka (KRaft) in its own JVM, one ingest process and two
 * worker processes ({@code java -jar quarkus-run.jar serve}), DCMTK storescp as the target. 200 images (150 by
 * storescu C-STORE, 50 by STOW-RS) and 3 videos (the corpus's 60-frame H.264 clip, new UIDs) go in; the worker that stages a video for its mask is killed with
 * kill -9; later the broker is restarted (SIGTERM, then started on the same data). Every acknowledged object reaches
 * storescp at least once, complete and de-identified, the videos masked; no object is left in the store and every job
 * record is committed.
 */
@SlowTest // run by failsafe after the package phase (mvn verify), against the jar just built
class ClusterIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int BY_CSTORE = 150;
    private static final int BY_STOW = 50;
    private static final int VIDEOS = 3;
    private static final Duration LIMIT = Duration.ofMinutes(6);

    @TempDir
    Path tmp;

    private final List<Process> nodes = new ArrayList<>();
    /** The key every node shares: the same input becomes the same output on any worker. */
    private final String key = "cluster-it-" + UUID.randomUUID();
    /** The serving models, installed by dmask itself from the npm tarballs (target/test-models). */
    private Path models;

    @Test
    void everyAcknowledgedObjectArrivesThroughKafkaAfterAWorkerKillAndABrokerRestart() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no " + JAR + ": run it with ./mvnw verify (after the package phase)");
        Path storescu = Peers.require("storescu", "dcmtk");
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");
        List<Path> cstore = RouteTestSupport.copies(ct, tmp.resolve("cstore"), BY_CSTORE, "7101");
        List<Path> stow = RouteTestSupport.copies(ct, tmp.resolve("stow"), BY_STOW, "7102");
        List<Path> videos = RouteTestSupport.copies(
                Peers.shared("dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm"),
                tmp.resolve("videos"), VIDEOS, "7103");
        TestUsers users = TestUsers.in(tmp.resolve("users"));
        models = InstallTestSupport.installedModels().toAbsolutePath();

        int targetPort = DimseTestSupport.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp-out"));
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, """
                mode: first-match
                targets:
                  dcmtk: dicom:DCMTK@127.0.0.1:%d
                rules:
                  - name: all
                    deid: basic
                    mask: full
                    targets: [dcmtk]
                """.formatted(targetPort));
        Path objects = tmp.resolve("objects");
        Process storescp = RouteTestSupport.storescp(targetPort, out, tmp.resolve("storescp.log"));
        try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("kafka"))) {
            int scpPort = DimseTestSupport.freePort();
            int httpPort = DimseTestSupport.freePort();
            Node ingest = start("ingest", broker, objects, rules, users, httpPort, "dmask.cluster.role=ingest",
                    "dmask.dimse.scp.port=" + scpPort);
            Node w1 = start("worker1", broker, objects, rules, users, 0, "dmask.cluster.role=worker",
                    "dmask.dimse.scp.enabled=false");
            Node w2 = start("worker2", broker, objects, rules, users, 0, "dmask.cluster.role=worker",
                    "dmask.dimse.scp.enabled=false");
            for (Node n : List.of(ingest, w1, w2)) {
                awaitReady(n);
            }

            // the videos first, then the images by C-STORE and STOW-RS at once
            long t0 = System.nanoTime();
            Peers.ProcessResult sentVideos = ClusterKafkaTest.storescu(storescu, scpPort, videos, "-R", "-xn");
            assertEquals(0, sentVideos.exitCode(), sentVideos + sentVideos.stdoutUtf8());
            List<Integer> stowStatus = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread stowSender = new Thread(() -> stowStatus.addAll(stowAll(httpPort, users, stow)));
            stowSender.start();

            // kill -9 the worker that holds a video while it masks it
            Node victim = awaitStagedVideo(List.of(w1, w2));
            victim.process.destroyForcibly().waitFor();
            int videosAtKill = videos(out);
            assertTrue(videosAtKill < VIDEOS, "the kill came before every video was delivered");

            Peers.ProcessResult sent = ClusterKafkaTest.storescu(storescu, scpPort, cstore);
            assertEquals(0, sent.exitCode(), sent + sent.stdoutUtf8());
            stowSender.join(LIMIT.toMillis());
            assertEquals(BY_STOW, stowStatus.size());
            stowStatus.forEach(s -> assertEquals(200, s, "STOW-RS answered " + s));

            // the broker restarts with work still to do
            RouteTestSupport.await(LIMIT, "some images delivered", () -> RouteTestSupport.files(out, ".dcm").size()
                    >= 20);
            int leftAtRestart = keys(objects);
            assertTrue(leftAtRestart > 0, "the broker restarts with objects still to deliver");
            broker.restart();

            int total = BY_CSTORE + BY_STOW + VIDEOS;
            RouteTestSupport.await(LIMIT, "every object delivered and the store empty", () -> {
                int arrived = RouteTestSupport.files(out, ".dcm").size();
                return arrived >= total && keys(objects) == 0;
            });
            assertEquals(0, ClusterKafkaTest.lag(broker, "it."), "every job record committed");

            Pseudonymizer p = new Pseudonymizer(key);
            Set<String> expected = new HashSet<>();
            for (Path f : concat(cstore, stow)) {
                expected.add(p.uid(StoreScu.probe(f).iuid()));
            }
            Set<String> images = new HashSet<>();
            int masked = 0;
            Set<String> videoUids = new HashSet<>();
            for (Path f : RouteTestSupport.files(out, ".dcm")) {
                Attributes ds = RouteTestSupport.read(f); // complete: parses to the end
                assertTrue(ds.contains(Tag.PixelData), "pixel data in " + f);
                assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved), f.toString());
                if (UID.VideoPhotographicImageStorage.equals(ds.getString(Tag.SOPClassUID))) {
                    assertEquals("NO", ds.getString(Tag.RecognizableVisualFeatures), "masked: " + f);
                    videoUids.add(ds.getString(Tag.SOPInstanceUID));
                    masked++;
                } else {
                    images.add(ds.getString(Tag.SOPInstanceUID));
                }
            }
            assertTrue(images.containsAll(expected), "missing images: " + missing(expected, images));
            assertEquals(VIDEOS, videoUids.size(), "each video arrived masked (" + masked + " files)");
            assertEquals(List.of(), Files.list(objects.resolve("objects")).toList(), "no object left in the store");
            assertEquals(List.of(), Files.list(objects.resolve("dead-letters")).toList(), "no dead letter");
            System.out.printf("ClusterIT: %s killed while masking (%d of %d videos at storescp then), broker restarted "
                    + "with %d objects in the store; %d objects at storescp (a duplicate overwrites its file there), "
                    + "%.0f s from the first C-STORE%n", victim.name, videosAtKill, VIDEOS, leftAtRestart,
                    RouteTestSupport.files(out, ".dcm").size(), (System.nanoTime() - t0) / 1e9);
        } finally {
            for (Process n : nodes) {
                n.destroyForcibly();
            }
            RouteTestSupport.stop(storescp);
        }
    }

    private record Node(String name, Process process, Path dir, int managementPort) {
    }

    private Node start(String name, KafkaBroker broker, Path objects, Path rules, TestUsers users, int httpPort,
            String... more) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        int management = DimseTestSupport.freePort();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx768m", "-Dquarkus.log.level=INFO",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + httpPort, "-Dquarkus.http.ssl-port=0",
                "-Dquarkus.management.port=" + management,
                "-Ddmask.cluster.jobs=kafka", "-Ddmask.cluster.kafka.topic-prefix=it.",
                "-Ddmask.cluster.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "-Ddmask.cluster.object-store=" + objects,
                "-Ddmask.route.rules=" + rules, "-Ddmask.route.workers=2",
                "-Ddmask.route.redelivery.initial-delay=500ms", "-Ddmask.route.redelivery.max-delay=3s",
                "-Ddmask.route.min-free-space=1M",
                "-Ddmask.deid.key=" + key,
                "-Ddmask.security.users-file=" + users.file(),
                "-Ddmask.model.dir=" + models, "-Ddmask.model.cache-dir=" + tmp.resolve("models"),
                "-Ddmask.model.auto-install=false"));
        for (String m : more) {
            cmd.add("-D" + m);
        }
        cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "serve"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        nodes.add(p);
        return new Node(name, p, dir, management);
    }

    private static void awaitReady(Node n) throws Exception {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (!n.process.isAlive()) {
                fail(n.name + " exited with " + n.process.exitValue() + ":\n" + tail(n));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + n.managementPort
                        + "/q/health/ready").toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        fail(n.name + " not ready after " + LIMIT + ":\n" + tail(n));
    }

    /**
     * The worker that masks a video now: the video is staged in its own job store and de-identified already (the
     * de-identified file is in its out folder, where it stays until the masked one is sent).
     */
    private static Node awaitStagedVideo(List<Node> workers) throws Exception {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end) {
            for (Node w : workers) {
                Path out = w.dir.resolve("data/route/cluster-staging/out");
                if (Files.isDirectory(out)) {
                    try (var files = Files.list(out)) {
                        List<String> names = files.map(f -> f.getFileName().toString()).toList();
                        if (names.stream().anyMatch(n -> n.endsWith(".basic.off.dcm"))
                                && Files.size(out.resolve(names.stream().filter(n -> n.endsWith(".basic.off.dcm"))
                                        .findFirst().orElseThrow())) > 100_000) {
                            return w;
                        }
                    } catch (IOException raced) {
                        // a file went while we looked
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no worker staged a video");
    }

    private static List<Integer> stowAll(int port, TestUsers users, List<Path> files) {
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> status = new ArrayList<>();
        for (Path f : files) {
            String boundary = "dmask-" + UUID.randomUUID();
            try {
                byte[] head = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] body = Files.readAllBytes(f);
                byte[] all = new byte[head.length + body.length + tail.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                System.arraycopy(tail, 0, all, head.length + body.length, tail.length);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/dicomweb/studies")).header("Authorization", users.basicHeader("sender"))
                        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(all)).build(),
                        HttpResponse.BodyHandlers.ofString());
                status.add(r.statusCode());
            } catch (IOException | InterruptedException e) {
                status.add(-1);
            }
        }
        return status;
    }

    /** Masked videos at storescp (duplicates counted). */
    private static int videos(Path out) {
        int n = 0;
        for (Path f : RouteTestSupport.files(out, ".dcm")) {
            try {
                if (UID.VideoPhotographicImageStorage.equals(RouteTestSupport.read(f).getString(Tag.SOPClassUID))) {
                    n++;
                }
            } catch (IOException e) {
                // being written
            }
        }
        return n;
    }

    private static int keys(Path objects) {
        try (var s = Files.list(objects.resolve("objects"))) {
            return (int) s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> missing(Set<String> expected, Set<String> got) {
        Set<String> m = new HashSet<>(expected);
        m.removeAll(got);
        return m;
    }

    private static String tail(Node n) {
        try {
            String s = Files.readString(n.dir.resolve("node.log"));
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return "";
        }
    }
}
