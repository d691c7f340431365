package org.dmask.dicomweb;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code dmask.dicomweb.*}: the STOW-RS endpoint. There is no spool folder of its own: instances land in the
 * gateway's spool ({@code dmask.dimse.scp.spool-directory}), from which the job store takes them by atomic rename
 * and which is scanned for left-overs at start-up.
 */
@ConfigMapping(prefix = "dmask.dicomweb")
public interface DicomwebConfig {

    /** Serve STOW-RS at {@code /dicomweb/studies}; false answers 404 with the reason. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The largest part (one instance) accepted. A larger part fails with Failure Reason 0xA700 (out of resources) and
     * is read to its end without being kept; the other parts of the request go on.
     */
    @WithDefault("64G")
    MemorySize maxPartSize();

    /** Limits on STOW-RS uploads, so that slow or stalled ones cannot hold the service. */
    Upload upload();

    interface Upload {
        /** Uploads read at once (each holds a worker thread); one more is answered 503 with Retry-After. */
        @WithDefault("32")
        int maxConcurrent();

        /** Uploads read at once from one source address; one more is answered 429 with Retry-After. */
        @WithDefault("8")
        int maxPerAddress();

        /**
         * Body bytes per second the client must send, on average over {@link #rateWindow()} of time spent waiting
         * for it (time the gateway spends storing a part does not count); a slower upload is aborted.
         */
        @WithDefault("16K")
        MemorySize minRate();

        @WithDefault("10s")
        Duration rateWindow();

        /** Waiting this long for the next body byte aborts the upload. */
        @WithDefault("10s")
        Duration idleTimeout();

        /** The Retry-After of a 429 or 503. */
        @WithDefault("10s")
        Duration retryAfter();
    }
}
