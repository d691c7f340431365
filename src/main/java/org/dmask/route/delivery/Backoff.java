package org.dmask.route.delivery;

import java.time.Duration;

/**
 * Exponential redelivery: the n-th retry waits {@code initial * multiplier^(n-1)}, at most {@code max}; after
 * {@code maxAge} since the object arrived, a transient failure becomes a dead letter.
 */
public record Backoff(Duration initial, Duration max, double multiplier, Duration maxAge) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1
                || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("redelivery needs 0 < initial <= max, multiplier >= 1, max age > 0");
        }
    }

    /** Delay before attempt number {@code attempts + 1}, after {@code attempts} failures (attempts >= 1). */
    public long delayMillis(int attempts) {
        double d = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        return (long) Math.min(max.toMillis(), d);
    }
}
