package org.dmask.route;

import java.nio.file.Path;

/**
 * What a {@link Gateway} needs, as plain values (from {@code dmask.route.*} in the application, or built by hand in
 * a test or a child JVM).
 *
 * @param workDirectory  the job store (objects, jobs, out, dead-letters)
 * @param rulesFile      the rule file, watched; null for the embedded default
 * @param dicomUri       the ingest {@code dicom:} consumer URI; null for none
 * @param spoolDirectory where received objects land before routing (and are recovered from after a crash)
 * @param dropFolder     a watched folder to ingest from; null for none
 */
public record GatewaySettings(Path workDirectory, Path rulesFile, String dicomUri, Path spoolDirectory,
        Path dropFolder, Backoff backoff, int workers, long pollMillis, long rulesCheckMillis) {
}
