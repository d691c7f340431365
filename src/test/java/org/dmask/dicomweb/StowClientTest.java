package org.dmask.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The STOW-RS client against a plain HTTP server on loopback (the JDK's): what goes over the wire is one
 * multipart/related request whose parts, read back by {@link MultipartRelatedReader}, are the files byte for byte,
 * with the headers PS3.18 asks for and the credentials given.
 */
class StowClientTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private final AtomicReference<String> accept = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final List<byte[]> received = new ArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dicomweb/studies", exchange -> {
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            MultipartRelatedReader reader = new MultipartRelatedReader(exchange.getRequestBody(),
                    MultipartRelatedReader.boundary(contentType.get()));
            for (MultipartRelatedReader.Part p; (p = reader.next()) != null; ) {
                assertEquals("application/dicom", p.contentType());
                received.add(p.body().readAllBytes());
            }
            byte[] answer = "{\"00081199\":{\"vr\":\"SQ\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicomweb/studies");
    }

    @Test
    void filesGoAsOnePartEachByteForByte() throws Exception {
        Random random = new Random(7);
        List<Path> files = new ArrayList<>();
        for (int size : new int[] {0, 1, 70_000, 3_000_000}) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            files.add(Files.write(tmp.resolve("f" + size + ".dcm"), b));
        }
        StowClient.Response r = new StowClient(url(), StowClient.basic("pacs-1", "s3cret:with colon")).store(files);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("00081199"), r.body());
        assertEquals(files.size(), received.size());
        for (int k = 0; k < files.size(); k++) {
            assertArrayEquals(Files.readAllBytes(files.get(k)), received.get(k), files.get(k).toString());
        }
        assertTrue(contentType.get().startsWith("multipart/related; type=\"application/dicom\"; boundary="),
                contentType.get());
        assertEquals("application/dicom+json", accept.get());
        assertEquals("Basic cGFjcy0xOnMzY3JldDp3aXRoIGNvbG9u", authorization.get(), "user:password in Base64");
    }

    @Test
    void aBearerTokenOrNothing() throws Exception {
        Path f = Files.write(tmp.resolve("one.dcm"), new byte[] {1, 2});
        new StowClient(url(), StowClient.bearer("eyJ.token")).store(List.of(f));
        assertEquals("Bearer eyJ.token", authorization.get());
        new StowClient(url(), null).store(List.of(f));
        assertNull(authorization.get(), "no Authorization header without credentials");
    }

    @Test
    void theServersRefusalComesBackAsItsStatus() throws Exception {
        status = 409;
        Path f = Files.write(tmp.resolve("one.dcm"), new byte[] {1, 2});
        assertEquals(409, new StowClient(url(), null).store(List.of(f)).status());
    }

    @Test
    void aMissingFileFailsTheRequestNamingIt() {
        Path missing = tmp.resolve("gone.dcm");
        IOException e = assertThrows(IOException.class, () -> new StowClient(url(), null).store(List.of(missing)));
        String all = e + " " + e.getCause();
        assertTrue(all.contains("gone.dcm"), all);
    }
}
