package org.dmask.route;

import org.dmask.route.delivery.Delivery;

import io.smallrye.config.ConfigMapping;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code dmask.route.*}: the rule file, the job store, the drop folder, delivery and redelivery. */
@ConfigMapping(prefix = "dmask.route")
public interface RouteConfig {

    /** Start the gateway with the application (else {@code dmask serve} starts it). */
    @WithDefault("false")
    boolean autostart();

    /** The rule file (YAML), watched for changes; absent: the embedded default. */
    Optional<Path> rules();

    /** The durable job store: objects, jobs, outputs being prepared, dead letters. */
    @WithDefault("data/route")
    Path workDirectory();

    /** A folder watched for DICOM files to ingest (deleted once routed). */
    Optional<Path> dropFolder();

    /** Delivery threads. */
    @WithDefault("4")
    int workers();

    /** How often idle workers look for due retries. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** How often the rule file is checked for changes. */
    @WithDefault("2s")
    Duration rulesCheckInterval();

    /**
     * The start-up check's least free space in each folder the gateway writes (spool, job store, archive targets,
     * audit trail); readiness goes DOWN when one falls below it.
     */
    @WithDefault("1G")
    @WithConverter(MemorySizeConverter.class)
    MemorySize minFreeSpace();

    /**
     * How long a dead letter (the object as received, identified, and its reasons) is kept; then it is deleted and the
     * deletion audited.
     */
    @WithDefault("30d")
    Duration deadLetterRetention();

    /**
     * A key file (32 bytes, base64, owner-only; generated there on the first start when missing) under which dead
     * letters are encrypted with AES-256-GCM ({@code <object>.dcm.enc}; {@code dmask dead-letter open} decrypts one).
     * Unset: dead letters are plain, owner-only files.
     */
    Optional<Path> deadLetterKeyFile();

    /**
     * A target whose deliveries have failed for longer than this makes readiness report it as degraded (still UP: the
     * node ingests and keeps the jobs; see {@code GatewayReadiness}).
     */
    @WithDefault("15m")
    Duration targetDegradedAfter();

    Redelivery redelivery();

    interface Redelivery {
        @WithDefault("1s")
        Duration initialDelay();

        @WithDefault("5m")
        Duration maxDelay();

        @WithDefault("2.0")
        double multiplier();

        /** After this long since receipt, a target that still fails turns the job into a dead letter. */
        @WithDefault("24h")
        Duration maxAge();
    }
}
