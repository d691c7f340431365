package org.dmask.audit;

import java.time.Instant;

/**
 * One audited step. {@code who} is the calling AE title or user; {@code study} is the pseudonymous study ID (the
 * keyed UID the de-identified study carries), never an original identifier; {@code detail} says what was decided
 * (rule, profile, reason) without patient data.
 */
public record AuditEvent(Instant when, Type type, Outcome outcome, String who, String study, String rule,
        String target, String detail) {

    public enum Type {
        RECEIVE, RULE_MATCH, DEIDENTIFY, MASK, SEND, FAILURE, DEAD_LETTER,
        /** A dead letter deleted after its retention. */
        PURGE,
        /**
         * A user's action through the admin API or console: {@code who} is the user, {@code target} what was acted on
         * (a target, job or dead letter), {@code detail} starts with the action ("rules.apply: ...").
         */
        ADMIN
    }

    public enum Outcome {
        SUCCESS, FAILURE
    }

    public static AuditEvent of(Type type, Outcome outcome, String who, String study, String rule, String target,
            String detail) {
        return new AuditEvent(Instant.now(), type, outcome, who, study, rule, target, detail);
    }
}
