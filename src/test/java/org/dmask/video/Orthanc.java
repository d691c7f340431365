package org.dmask.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dmask.interop.Peers;

/** A real Orthanc on loopback with its own temp config and storage, on free ports; stopped by {@link #close()}. */
public final class Orthanc implements AutoCloseable {

    public final int httpPort;
    public final int dicomPort;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Orthanc(Process process, int httpPort, int dicomPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
    }

    public static Orthanc start(Path dir) throws Exception {
        Path bin = Peers.require("Orthanc", "orthanc");
        int http = freePort();
        int dicom = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "dmask-video-test",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "KeepAlive": false,
                  "DicomPort": %d,
                  "DicomAet": "ORTHANC",
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "DicomCheckCalledAet": false,
                  "DicomAlwaysAllowStore": true,
                  "H264TransferSyntaxAccepted": true,
                  "Plugins": []
                }
                """.formatted(storage, storage, http, dicom));
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), config.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("orthanc.log").toFile());
        Orthanc o = new Orthanc(pb.start(), http, dicom);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (o.get("/system").statusCode() == 200) {
                    return o;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        o.close();
        throw new IllegalStateException("Orthanc did not start; see " + dir.resolve("orthanc.log"));
    }

    public HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Orthanc's instance id for a SOP Instance UID, or null when it does not have it. */
    public String lookupInstance(String sopInstanceUid) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        var m = java.util.regex.Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"[^}]*\"Type\"\\s*:\\s*\"Instance\"")
                .matcher(r.body());
        return m.find() ? m.group(1) : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
