package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditService;

/**
 * Every admin action in the audit trail: who, what action, on what, and how it ended (the error when it failed).
 * One {@code admin} event per action, written after it ended, never with patient data.
 */
@ApplicationScoped
public class AdminAudit {

    @Inject
    AuditService audit;

    /** Records an action that is over. */
    public void record(String user, String action, String target, boolean success, String detail) {
        audit.record(AuditEvent.of(AuditEvent.Type.ADMIN, success ? AuditEvent.Outcome.SUCCESS
                : AuditEvent.Outcome.FAILURE, user, null, null, target, action + (detail == null ? "" : ": " + detail)));
    }

    /**
     * Runs an action and records it: success with {@code summary}'s text of the result, or failure with the error's
     * message (then rethrown).
     */
    public <T> T run(String user, String action, String target, Callable<T> work, Function<T, String> summary)
            throws Exception {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            record(user, action, target, false, e.getMessage());
            throw e;
        }
        record(user, action, target, true, summary.apply(result));
        return result;
    }
}
