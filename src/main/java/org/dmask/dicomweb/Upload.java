package org.dmask.dicomweb;

import io.vertx.core.http.HttpServerRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One admitted STOW-RS upload, as {@link UploadLimits} watches it: the body bytes read and the time spent waiting
 * for them. Only time blocked in a read counts, so an upload is never blamed for the time the gateway spends storing
 * its previous part.
 */
final class Upload {

    /** Where the admitted upload is kept in the request's RoutingContext. */
    static final String KEY = "dmask.dicomweb.upload";

    final HttpServerRequest request;
    final String source;
    private volatile boolean started;
    private volatile boolean bodyEnded;
    private volatile boolean waiting;
    private volatile long waitingSince;
    private volatile long bytes;
    private volatile long waitedNanos;
    private volatile String abortedBecause;
    // The rate window: waiting time and bytes at its start (read and written by the sweep only).
    long windowWaited;
    long windowBytes;

    Upload(HttpServerRequest request, String source) {
        this.request = request;
        this.source = source;
    }

    /** The body, counted. */
    InputStream meter(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                started = true;
                long t = System.nanoTime();
                waitingSince = t;
                waiting = true;
                int n = -1;
                try {
                    n = super.read(b, off, len);
                    return n;
                } finally {
                    waiting = false;
                    synchronized (Upload.this) {
                        waitedNanos += System.nanoTime() - t;
                        if (n > 0) {
                            bytes += n;
                        } else if (n < 0) {
                            bodyEnded = true;
                        }
                    }
                }
            }
        };
    }

    /** Whether the gateway has begun reading the body (before that, the wait is the gateway's, not the client's). */
    boolean started() {
        return started;
    }

    /** Nanoseconds the current read has waited, 0 when none is waiting. */
    long currentWait(long now) {
        return waiting ? Math.max(0, now - waitingSince) : 0;
    }

    /** Nanoseconds spent waiting for the body so far, the current wait included. */
    synchronized long waited(long now) {
        return waitedNanos + currentWait(now);
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The whole body was read: what is left is the gateway's work, not the client's. */
    boolean bodyReceived() {
        return bodyEnded;
    }

    /**
     * The response was sent or the connection is gone: the upload no longer holds its place. Vert.x locks the
     * connection here: never call it while holding a lock that a Vert.x end handler may take.
     */
    boolean finished() {
        return request.response().ended() || request.response().closed();
    }

    /** Why the limits aborted this upload, or null. */
    String abortedBecause() {
        return abortedBecause;
    }

    void abort(String why) {
        abortedBecause = why;
        request.connection().close();
    }
}
