package org.dmask.dimse;

import java.time.Duration;

/**
 * What an SCP allows a TCP connection before and around its association: the time to send the whole A-ASSOCIATE-RQ
 * (TLS handshake included), how many connections may wait for theirs at once (apart from the association slots, so
 * that idle sockets cannot take those), and how many connections one source address may hold, waiting or associated.
 *
 * @param requestTimeout a connection without a complete A-ASSOCIATE-RQ after this long is closed
 * @param maxPending     connections waiting for their A-ASSOCIATE-RQ; one more closes the one that waited longest
 * @param maxPerAddress  connections (waiting or associated) from one address; one more is closed at once
 */
public record ConnectionLimits(Duration requestTimeout, int maxPending, int maxPerAddress) {

    public ConnectionLimits {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the A-ASSOCIATE-RQ timeout must be positive: " + requestTimeout);
        }
        if (maxPending < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("max pending connections and max associations per address must be at"
                    + " least 1: " + maxPending + ", " + maxPerAddress);
        }
    }

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(Duration.ofSeconds(5), 64, 16);
    }

    int requestTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
    }
}
