package org.dmask.dicomweb;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Admission and pace of STOW-RS uploads ({@code dmask.dicomweb.upload.*}). Admission runs on the event loop, before
 * authentication and before a worker thread is given to the request: at most {@code max-concurrent} uploads at once (one more: 503) and
 * {@code max-per-address} from one address (one more: 429), both with Retry-After; when full, an upload that is
 * starving (its client silent for a second, or slower than {@code min-rate}) is aborted to make room instead. A
 * sweep aborts an upload whose client sends nothing for {@code idle-timeout}, or less than {@code min-rate} over
 * {@code rate-window} of waiting: its connection is closed, the blocked read fails, and the resource deletes the
 * part it was spooling. Refusals and aborts are logged at most once a minute, with the count of the others.
 */
@ApplicationScoped
public class UploadLimits {

    private static final Logger LOG = Logger.getLogger(UploadLimits.class);
    /**
     * Before HTTP authentication (priority 200): a flood of uploads is refused before it costs a password check
     * (bcrypt) each; a request that fails authentication leaves its place when it is answered 401.
     */
    static final int FILTER_PRIORITY = 250;
    private static final long SWEEP_MS = 250;
    /** An upload silent this long may be aborted to make room for a new one. */
    private static final long STARVING_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A refused request's body is read and dropped this long before its connection is closed. */
    private static final long DRAIN_MS = 1000;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    @Inject
    DicomwebConfig config;
    @Inject
    Vertx vertx;

    private final Set<Upload> uploads = new LinkedHashSet<>(); // guarded by this
    private long lastLogLine = System.nanoTime() - LOG_INTERVAL_NANOS; // guarded by this
    private long notLogged; // guarded by this

    void install(@Observes Filters filters) {
        filters.register(this::admit, FILTER_PRIORITY);
        vertx.setPeriodic(SWEEP_MS, id -> sweep());
    }

    /** Uploads admitted now (tests and metrics). */
    public synchronized int active() {
        return uploads.size();
    }

    static boolean isStow(HttpServerRequest r) {
        String path = r.path();
        return r.method() == HttpMethod.POST && path != null
                && (path.equals("/dicomweb/studies") || path.startsWith("/dicomweb/studies/"));
    }

    private void admit(RoutingContext ctx) {
        HttpServerRequest r = ctx.request();
        if (!isStow(r) || !config.enabled()) {
            ctx.next();
            return;
        }
        DicomwebConfig.Upload c = config.upload();
        String source = r.remoteAddress() != null ? r.remoteAddress().host() : "unknown";
        long now = System.nanoTime();
        Upload u = null;
        Upload evicted = null;
        int status = 0;
        synchronized (this) {
            if (count(source) >= c.maxPerAddress() && (evicted = starving(source, now)) == null) {
                status = 429;
            } else if (evicted == null && uploads.size() >= c.maxConcurrent()
                    && (evicted = starving(null, now)) == null) {
                status = 503;
            } else {
                if (evicted != null) {
                    uploads.remove(evicted);
                }
                u = new Upload(r, source);
                uploads.add(u);
            }
        }
        if (evicted != null) {
            abort(evicted, "aborted to make room: its client " + evicted.source + " sent nothing for a second or"
                    + " less than dmask.dicomweb.upload.min-rate (" + c.minRate().asLongValue() + " bytes/s)");
        }
        if (status != 0) {
            refuse(ctx, status, source, status == 429
                    ? source + " has " + c.maxPerAddress() + " uploads running (dmask.dicomweb.upload.max-per-address)"
                    : c.maxConcurrent() + " uploads are running (dmask.dicomweb.upload.max-concurrent)");
            return;
        }
        Upload admitted = u;
        ctx.put(Upload.KEY, admitted);
        ctx.addEndHandler(v -> release(admitted));
        ctx.next();
    }

    private int count(String source) {
        int n = 0;
        for (Upload u : uploads) {
            if (u.source.equals(source)) {
                n++;
            }
        }
        return n;
    }

    /** An upload of {@code source} (any when null) whose client starves it, or null. */
    private Upload starving(String source, long now) {
        long minRate = config.upload().minRate().asLongValue();
        for (Upload u : uploads) {
            if ((source == null || u.source.equals(source)) && u.started() && !u.bodyReceived()) {
                long waited = u.waited(now);
                if (u.currentWait(now) >= STARVING_NANOS
                        || (waited >= STARVING_NANOS && u.bytes() * 1_000_000_000.0 / waited < minRate)) {
                    return u;
                }
            }
        }
        return null;
    }

    private synchronized void release(Upload u) {
        uploads.remove(u);
    }

    private void refuse(RoutingContext ctx, int status, String source, String why) {
        long retry = Math.max(1, config.upload().retryAfter().toSeconds());
        note("STOW-RS from " + source + " answered " + status + ": " + why);
        HttpServerRequest r = ctx.request();
        ctx.response().setStatusCode(status).putHeader("Retry-After", Long.toString(retry))
                .putHeader("Content-Type", "text/plain").putHeader("Connection", "close")
                .putHeader("Warning", "299 dmask \"" + why + "\"")
                .end(why + "; retry after " + retry + " s\n");
        // Read and drop what the client still sends for a moment, so that it can read the answer before the close.
        if (!r.isEnded()) {
            try {
                r.handler(b -> { });
                r.resume();
            } catch (IllegalStateException e) {
                // already read
            }
        }
        vertx.setTimer(DRAIN_MS, t -> r.connection().close());
    }

    private void abort(Upload u, String why) {
        note("STOW-RS upload from " + u.source + " " + why + "; its spool file is removed");
        u.abort(why);
    }

    /** Logs the line unless one was logged within the minute; then counts it for the next line. */
    private void note(String line) {
        long now = System.nanoTime();
        long skipped;
        synchronized (this) {
            if (now - lastLogLine < LOG_INTERVAL_NANOS) {
                notLogged++;
                return;
            }
            skipped = notLogged;
            notLogged = 0;
            lastLogLine = now;
        }
        LOG.warn(skipped == 0 ? line
                : line + " (" + skipped + " more uploads refused or aborted since the last line of this kind)");
    }

    /**
     * Runs on the event loop. Vert.x calls our end handlers holding a connection's lock, so this never calls Vert.x
     * while holding this object's lock (that order would deadlock two event loops).
     */
    private void sweep() {
        DicomwebConfig.Upload c = config.upload();
        long now = System.nanoTime();
        long idle = c.idleTimeout().toNanos();
        long window = c.rateWindow().toNanos();
        double minBytes = c.minRate().asLongValue() * (window / 1e9);
        List<Upload> all;
        synchronized (this) {
            all = new ArrayList<>(uploads);
        }
        for (Upload u : all) {
            if (u.finished()) {
                release(u);
                continue;
            }
            if (!u.started() || u.bodyReceived()) {
                continue;
            }
            String why = null;
            if (u.currentWait(now) > idle) {
                why = "aborted: nothing received for " + c.idleTimeout().toSeconds()
                        + " s (dmask.dicomweb.upload.idle-timeout)";
            } else {
                long waited = u.waited(now);
                long bytes = u.bytes();
                if (waited - u.windowWaited >= window) {
                    if (bytes - u.windowBytes < minBytes) {
                        why = "aborted: " + (bytes - u.windowBytes) + " bytes in " + c.rateWindow().toSeconds()
                                + " s, under dmask.dicomweb.upload.min-rate (" + c.minRate().asLongValue()
                                + " bytes/s)";
                    } else {
                        u.windowWaited = waited;
                        u.windowBytes = bytes;
                    }
                }
            }
            boolean removed;
            synchronized (this) {
                removed = why != null && uploads.remove(u);
            }
            if (removed) {
                abort(u, why);
            }
        }
    }
}
