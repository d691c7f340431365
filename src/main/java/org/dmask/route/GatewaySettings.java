package org.dmask.route;

import org.dmask.route.delivery.Backoff;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link Gateway} needs, as plain values (from {@code dmask.route.*} in the application, or built by hand in
 * a test or a child JVM).
 *
 * @param workDirectory  the job store (objects, jobs, out, dead-letters)
 * @param rulesFile      the rule file, watched; null for the embedded default
 * @param dicomUri       the ingest {@code dicom:} consumer URI; null for none
 * @param spoolDirectory where received objects land before routing (and are recovered from after a crash)
 * @param dropFolder     a watched folder to ingest from; null for none
 * @param deadLetterRetention how long a dead letter is kept before it is deleted (with an audit line)
 * @param deadLetterKeyFile   the key (made there when missing) that dead letters are encrypted with; null: plain
 */
public record GatewaySettings(Path workDirectory, Path rulesFile, String dicomUri, Path spoolDirectory,
        Path dropFolder, Backoff backoff, int workers, long pollMillis, long rulesCheckMillis,
        Duration deadLetterRetention, Path deadLetterKeyFile) {

    /** The default retention of dead letters, as {@code dmask.route.dead-letter-retention}'s default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** With the default retention of dead letters. */
    public GatewaySettings(Path workDirectory, Path rulesFile, String dicomUri, Path spoolDirectory, Path dropFolder,
            Backoff backoff, int workers, long pollMillis, long rulesCheckMillis) {
        this(workDirectory, rulesFile, dicomUri, spoolDirectory, dropFolder, backoff, workers, pollMillis,
                rulesCheckMillis, DEFAULT_RETENTION, null);
    }

    public GatewaySettings {
        if (deadLetterRetention == null || deadLetterRetention.isNegative() || deadLetterRetention.isZero()) {
            throw new IllegalArgumentException("the retention of dead letters must be positive");
        }
    }

    public GatewaySettings withDeadLetterRetention(Duration retention) {
        return new GatewaySettings(workDirectory, rulesFile, dicomUri, spoolDirectory, dropFolder, backoff, workers,
                pollMillis, rulesCheckMillis, retention, deadLetterKeyFile);
    }

    public GatewaySettings withDeadLetterKeyFile(Path keyFile) {
        return new GatewaySettings(workDirectory, rulesFile, dicomUri, spoolDirectory, dropFolder, backoff, workers,
                pollMillis, rulesCheckMillis, deadLetterRetention, keyFile);
    }
}
