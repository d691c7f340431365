package org.dmask.audit;

/** Where audit events go: the JSON lines file, syslog, metrics. Must not throw. */
@FunctionalInterface
public interface AuditSink {

    AuditSink NONE = e -> { };

    void record(AuditEvent event);

    default AuditSink and(AuditSink other) {
        return e -> {
            record(e);
            other.record(e);
        };
    }
}
