package org.dmask.model.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dmask.model.ModelPackage;

/**
 * Downloads package tarballs from an npm registry or a proxy of one (Nexus, Artifactory and Verdaccio serve the same
 * {@code /<name>/-/<name>-<version>.tgz} paths). Uses the JVM's proxy settings ({@code https.proxyHost}).
 */
final class NpmRegistry {

    /** What the operator can do when the registry cannot be used: said once, in every such message. */
    static final String FIX = "set dmask.model.registry to your npm proxy, or run `dmask models install --from DIR`"
            + " with the tarballs copied in";

    private static final long MB = 1024 * 1024;

    /** A download that receives nothing for this long is given up (the request timeout covers only the headers). */
    static final Duration STALL = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;
    private final Duration stall;

    NpmRegistry(URI base) {
        this(base, STALL);
    }

    NpmRegistry(URI base, Duration stall) {
        this.stall = stall;
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).proxy(ProxySelector.getDefault()).build();
    }

    URI base() {
        return base;
    }

    URI tarballUri(ModelPackage p) {
        return base.resolve(p.registryPath());
    }

    /**
     * Writes the package's tarball to {@code target}, reporting progress about every tenth of the way.
     *
     * @throws InstallException when the registry is unreachable, answers an error, or the body ends early
     */
    void download(ModelPackage p, Path target, Consumer<String> progress) {
        URI uri = tarballUri(p);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) { // refused, unknown host, TLS, connect timeout: the registry is not usable from here
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException("download of " + p.id() + " interrupted");
        }
        if (response.statusCode() != 200) {
            try (InputStream ignored = response.body()) {
                // drain nothing: close the connection
            } catch (IOException ignored) {
                // closing an error body: nothing to add
            }
            throw new InstallException("cannot install the face models: registry " + base + " answered HTTP "
                    + response.statusCode() + " for " + uri + "; " + FIX);
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        long done = 0;
        long step = Math.max(total > 0 ? total / 10 : 0, 4 * MB);
        long nextReport = step;
        String label = "downloading " + p.name() + " " + p.version() + ": ";
        progress.accept("downloading " + p.name() + " " + p.version() + " from " + uri
                + (total > 0 ? " (" + megabytes(total) + ")" : ""));
        InputStream in = response.body();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dmask-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long checkMs = Math.max(50, stall.toMillis() / 10);
        watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastData.get() > stall.toNanos() && stalled.compareAndSet(false, true)) {
                try {
                    in.close(); // unblocks the read below
                } catch (IOException ignored) {
                    // closing is all we can do
                }
            }
        }, checkMs, checkMs, TimeUnit.MILLISECONDS);
        try (in; OutputStream out = Files.newOutputStream(target)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                lastData.set(System.nanoTime());
                out.write(buf, 0, n);
                done += n;
                if (done >= nextReport && (total <= 0 || done < total)) {
                    progress.accept(label + megabytes(done) + (total > 0 ? " of " + megabytes(total) : ""));
                    nextReport = done + step;
                }
            }
        } catch (IOException e) {
            if (!stalled.get()) {
                throw new InstallException("download of " + uri + " broke off after " + megabytes(done) + " ("
                        + e.getMessage() + "); " + FIX, e);
            }
        } finally {
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            throw new InstallException("download of " + uri + " stalled: nothing received for " + stall.toSeconds()
                    + " s after " + megabytes(done) + "; " + FIX);
        }
        if (total > 0 && done != total) {
            throw new InstallException("download of " + uri + " is truncated: " + done + " of " + total + " bytes; "
                    + FIX);
        }
        progress.accept(label + megabytes(done) + " done");
    }

    private InstallException unreachable(Exception e) {
        String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new InstallException("cannot install the face models: registry " + base + " unreachable (" + why
                + "); " + FIX, e);
    }

    static String megabytes(long bytes) {
        return bytes < MB ? String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB)
                : String.format(Locale.ROOT, "%d MB", Math.round(bytes / (double) MB));
    }
}
