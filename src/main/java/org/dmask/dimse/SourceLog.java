package org.dmask.dimse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One log line per source address and kind of event per interval, however often it happens: an attacker who opens
 * thousands of connections gets one line a minute, with the count of those not logged since.
 */
final class SourceLog {

    /** Beyond this many sources in one interval, the oldest counts are dropped rather than memory grown. */
    private static final int MAX_SOURCES = 4096;

    private final Logger log;
    private final long intervalNanos;
    private final Map<String, long[]> seen = new ConcurrentHashMap<>(); // key -> {last logged, suppressed since}

    SourceLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} (", N more since" appended) unless this source and kind were logged within the interval. */
    void log(Logger.Level level, String source, String kind, String message) {
        long now = System.nanoTime();
        if (seen.size() > MAX_SOURCES) {
            seen.clear();
        }
        long[] entry = seen.computeIfAbsent(source + ' ' + kind, k -> new long[] {now - intervalNanos, 0});
        long suppressed;
        synchronized (entry) {
            if (now - entry[0] < intervalNanos) {
                entry[1]++;
                return;
            }
            suppressed = entry[1];
            entry[0] = now;
            entry[1] = 0;
        }
        log.log(level, suppressed == 0 ? message
                : message + " (" + suppressed + " more like it from " + source + " not logged since the last line)");
    }
}
