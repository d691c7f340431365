package org.dmask.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Orthanc (Debian's package, found on PATH) on loopback, for the tests and benchmarks that compare with it or
 * send to it: its own configuration and storage in a folder of the caller's, HTTP and DICOM on free ports, HTTP
 * answered only on localhost without authentication, no plugins unless asked. Stopped by {@link #close()}.
 */
public final class Orthanc implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final String aet;
    public final int httpPort;
    public final int dicomPort;
    private final Process process;
    private final Path log;
    private final String version;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Orthanc(String aet, int httpPort, int dicomPort, Process process, Path log, String version) {
        this.aet = aet;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.process = process;
        this.log = log;
        this.version = version;
    }

    /** An Orthanc called {@code aet}, its files in {@code dir}, with the settings of {@code extra} on top. */
    public static Orthanc start(Path dir, String aet, Map<String, Object> extra) throws IOException,
            InterruptedException {
        Path bin = Peers.require("Orthanc", "orthanc");
        int httpPort = freePort();
        int dicomPort = freePort();
        Path storage = Files.createDirectories(dir.resolve(aet + "-db"));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("Name", aet);
        cfg.put("StorageDirectory", storage.toString());
        cfg.put("IndexDirectory", storage.toString());
        cfg.put("HttpPort", httpPort);
        // Orthanc drops idle keep-alive connections; a request sent on one the client still pools gets no answer.
        cfg.put("KeepAlive", false);
        cfg.put("DicomPort", dicomPort);
        cfg.put("DicomAet", aet);
        cfg.put("RemoteAccessAllowed", false);
        cfg.put("AuthenticationEnabled", false);
        cfg.put("Plugins", List.of());
        cfg.putAll(extra);
        Path config = dir.resolve(aet + ".json");
        JSON.writeValue(config.toFile(), cfg);
        Path log = dir.resolve(aet + ".log");
        Process p = new ProcessBuilder(bin.toString(), config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("Orthanc exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = probe.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/system")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    Matcher m = Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
                    return new Orthanc(aet, httpPort, dicomPort, p, log, m.find() ? m.group(1) : "?");
                }
            } catch (IOException notListeningYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                stop(p);
                throw new IOException("Orthanc did not answer on port " + httpPort + " within 60 s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    public String version() {
        return version;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** GET of a REST path; throws unless the answer is 200. */
    public byte[] getBytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body();
    }

    /** GET of a REST path as JSON; throws unless the answer is 200. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(getBytes(path));
    }

    /** POST to a REST path; throws unless the answer is 200. */
    public byte[] post(String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("POST " + path + " -> " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body();
    }

    /** A POST whose answer is returned whatever its status, for callers that report refusals. */
    public HttpResponse<byte[]> tryPost(String path, byte[] body) throws IOException, InterruptedException {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** DELETE of a REST path. */
    public void delete(String path) throws IOException, InterruptedException {
        http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Orthanc's instance id for a SOP Instance UID, or null when it does not have it. */
    public String lookupInstance(String sopInstanceUid) throws IOException, InterruptedException {
        for (JsonNode n : JSON.readTree(post("/tools/lookup", sopInstanceUid.getBytes()))) {
            if ("Instance".equals(n.path("Type").asText())) {
                return n.path("ID").asText();
            }
        }
        return null;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(120));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }
}
