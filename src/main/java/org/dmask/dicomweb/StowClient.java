package org.dmask.dicomweb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A STOW-RS client: posts files as multipart/related; type="application/dicom" to {@code <url>} (the studies
 * resource), streamed from disk, with optional bearer or basic authentication.
 */
public final class StowClient {

    public record Response(int status, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI url;
    private final String authorization;

    /** @param authorization the Authorization header value, or null */
    public StowClient(URI url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Response store(List<Path> files) throws IOException, InterruptedException {
        String boundary = "dmask-" + UUID.randomUUID();
        HttpRequest.Builder rq = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body(files, boundary)));
        if (authorization != null) {
            rq.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(rq.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private static InputStream body(List<Path> files, String boundary) {
        List<InputStream> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(ascii("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n"));
            parts.add(lazy(f));
            parts.add(ascii("\r\n"));
        }
        parts.add(ascii("--" + boundary + "--\r\n"));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Opens the file when first read, so that only one file is open at a time. */
    private static InputStream lazy(Path f) {
        return new InputStream() {
            private InputStream in;

            private InputStream in() {
                if (in == null) {
                    try {
                        in = Files.newInputStream(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return in;
            }

            @Override
            public int read() throws IOException {
                return in().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in().read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (in != null) {
                    in.close();
                }
            }
        };
    }
}
