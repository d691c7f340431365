package org.dmask.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' entry point (deploy/dmask-entrypoint.sh) with the packaged application laid out as the Dockerfiles lay
 * it out (the launcher script beside target/quarkus-app, no sources), run as a process since no container engine is
 * at hand: the key and admin's password come from a folder of secret files readable by others, as Compose mounts
 * them; dmask starts on an owner-only copy of the key, admin logs in with that password, and the management
 * interface answers the health checks on a non-loopback address, as the Kubernetes probes need.
 */
@SlowTest // run by failsafe after the package phase (mvn verify), against the jar just built
class ContainerEntrypointIT {

    private static final Path APP = Path.of("target/quarkus-app").toAbsolutePath();
    private static final Path ENTRYPOINT = Path.of("deploy/dmask-entrypoint.sh").toAbsolutePath();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void startsOnTheMountedKeyAndAdminPasswordAndAnswersProbesFromOutside(@TempDir Path tmp) throws Exception {
        assertTrue(Files.isRegularFile(APP.resolve("quarkus-run.jar")), "no packaged jar: run ./mvnw verify");
        Path secrets = Files.createDirectory(tmp.resolve("secrets"));
        String key = Base64.getEncoder().encodeToString(bytes(32));
        String password = Base64.getEncoder().encodeToString(bytes(24));
        writeReadableByAll(secrets.resolve("deid.key"), key + "\n");
        writeReadableByAll(secrets.resolve("admin.password"), password + "\n");
        Path work = Files.createDirectory(tmp.resolve("work"));
        Files.writeString(tmp.resolve("rules.yaml"), """
                mode: first-match
                targets:
                  archive: archive:data/archive
                rules:
                  - name: everything
                    deid: basic
                    mask: off
                    targets: [archive]
                """);
        Path log = tmp.resolve("serve.log");
        ProcessBuilder pb = entrypoint(tmp, work, secrets, "serve").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DMASK_ROUTE_RULES", tmp.resolve("rules.yaml").toString());
        Process serve = pb.start();
        Path keysCopy = null;
        try {
            // Quarkus says where it listens; then serve's start-up check says which key it took.
            String started = waitFor(log, Pattern.compile("(?s)(?=.*[Mm]anagement interface listening on)"
                    + "(?=.*start-up check: key from).*"), serve);
            Matcher ports = Pattern.compile("(?s).*Listening on: http://[^:]+:(\\d+).*"
                    + "[Mm]anagement interface listening on http://[^:]+:(\\d+).*").matcher(started);
            assertTrue(ports.matches(), started);
            int http = Integer.parseInt(ports.group(1));
            int management = Integer.parseInt(ports.group(2));

            // The key dmask uses is an owner-only copy, in memory, of the mounted one.
            Matcher used = Pattern.compile("key from (/dev/shm/dmask-keys\\.[A-Za-z0-9]+)/deid\\.key").matcher(started);
            assertTrue(used.find(), "dmask did not start on the copied key: " + started);
            keysCopy = Path.of(used.group(1));
            Path copy = keysCopy.resolve("deid.key");
            assertEquals(key, Files.readString(copy).strip());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));

            // admin exists with the mounted password; no generated password was written.
            Path users = work.resolve("data/keys/users");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
            assertFalse(Files.exists(work.resolve("data/keys/admin.password")));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertEquals(200, get(client, "http://127.0.0.1:" + http + "/q/openapi", "admin", password));
            assertEquals(401, get(client, "http://127.0.0.1:" + http + "/q/openapi", "admin", password + "x"));

            // The probes' view: the management interface from another address than loopback.
            String host = nonLoopbackAddress();
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(
                    URI.create("http://" + host + ":" + management + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), live.body());
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                    URI.create("http://" + host + ":" + management + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());

            String all = Files.readString(log);
            assertFalse(all.contains(key) || all.contains(password), "a secret was printed");
        } finally {
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
            if (keysCopy != null) {
                deleteTree(keysCopy);
            }
        }
    }

    @Test
    void refusesASecretsFolderWithoutTheKey(@TempDir Path tmp) throws Exception {
        Path secrets = Files.createDirectory(tmp.resolve("secrets"));
        writeReadableByAll(secrets.resolve("admin.password"), "a-password-long-enough\n");
        Path work = Files.createDirectory(tmp.resolve("work"));
        Process p = entrypoint(tmp, work, secrets, "serve").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(78, p.exitValue(), out);
        assertTrue(out.contains("deid.key is missing"), out);
        assertFalse(Files.exists(work.resolve("data/keys")), "it must stop before anything is made");
    }

    /** The entry point, with `dmask` on the PATH as in the image: the launcher beside the app, no sources. */
    private static ProcessBuilder entrypoint(Path tmp, Path work, Path secrets, String command) throws IOException {
        Path opt = tmp.resolve("opt");
        if (!Files.exists(opt)) {
            Files.createDirectories(opt.resolve("target"));
            Files.createSymbolicLink(opt.resolve("target/quarkus-app"), APP);
            Files.copy(Path.of("dmask"), opt.resolve("dmask"));
            Files.setPosixFilePermissions(opt.resolve("dmask"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(tmp.resolve("bin"));
            Files.createSymbolicLink(tmp.resolve("bin/dmask"), opt.resolve("dmask"));
            Files.createDirectories(tmp.resolve("home"));
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", ENTRYPOINT.toString(), command).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("DMASK_") || k.startsWith("QUARKUS_"));
        env.put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("HOME", tmp.resolve("home").toString());
        env.put("DMASK_SECRETS_DIR", secrets.toString());
        env.put("DMASK_JAVA_OPTS", "-Xmx512m");
        env.put("DMASK_DIMSE_SCP_PORT", "0"); // readiness needs the SCP bound
        env.put("DMASK_DIMSE_SCP_HOST", "127.0.0.1");
        env.put("DMASK_MODEL_AUTO_INSTALL", "false");
        env.put("DMASK_MODEL_CACHE_DIR", tmp.resolve("models").toString());
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_HTTP_SSL_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_HOST", "0.0.0.0"); // what the Kubernetes manifests set
        return pb;
    }

    private static String waitFor(Path log, Pattern pattern, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (pattern.matcher(text).matches()) {
                return text;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the entry point ended with " + p.exitValue() + ": " + text);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("dmask did not start within 180 s: " + Files.readString(log));
    }

    private static int get(HttpClient client, String url, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An address of this host other than loopback, as a kubelet reaches a pod; loopback only if there is none. */
    private static String nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        }
        return "127.0.0.1";
    }

    private static void writeReadableByAll(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
