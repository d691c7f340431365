package org.dmask.dimse;

import java.time.Duration;

/**
 * Time and size limits of one association: the ARTIM timer (PS3.8 §9.1.5: waiting for the A-ASSOCIATE-RQ, the
 * A-ASSOCIATE-AC/RJ, the A-RELEASE-RP and the transport close after an abort), the idle timeout while associated,
 * and the largest PDU this side receives.
 */
public record AssociationLimits(Duration artim, Duration idle, int maxPduLength) {

    /** Smallest PDU length we allow a peer to ask us to send (PS3.8 gives no minimum; tiny ones are an attack). */
    public static final int MIN_PDU_LENGTH = 1024;
    public static final int MAX_PDU_LENGTH = 16 * 1024 * 1024;

    public AssociationLimits {
        if (maxPduLength < MIN_PDU_LENGTH || maxPduLength > MAX_PDU_LENGTH) {
            throw new IllegalArgumentException("max PDU length must be " + MIN_PDU_LENGTH + " to " + MAX_PDU_LENGTH
                    + ": " + maxPduLength);
        }
        if (artim.isNegative() || artim.isZero() || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static AssociationLimits defaults() {
        return new AssociationLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 256 * 1024);
    }

    int artimMillis() {
        return (int) Math.min(Integer.MAX_VALUE, artim.toMillis());
    }

    int idleMillis() {
        return (int) Math.min(Integer.MAX_VALUE, idle.toMillis());
    }
}
