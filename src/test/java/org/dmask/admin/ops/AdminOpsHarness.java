package org.dmask.admin.ops;

import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditService;
import org.dmask.audit.AuditSink;
import org.dmask.route.Gateway;

/**
 * The admin services without Quarkus, on a gateway started by a test harness: the same code the REST API and the
 * console call, with their audit events written to the harness's audit trail.
 */
public final class AdminOpsHarness {

    private AdminOpsHarness() {
    }

    /** The dead-letter actions of {@code gateway}, audited into {@code trail}. */
    public static DeadLetterOps deadLetterOps(Gateway gateway, AuditSink trail) {
        DeadLetterOps ops = new DeadLetterOps();
        ops.running = new RunningGateway() {
            @Override
            public Gateway get() {
                if (!gateway.running()) {
                    throw new NotRunningException();
                }
                return gateway;
            }
        };
        AdminAudit audit = new AdminAudit();
        audit.audit = new AuditService() {
            @Override
            public void record(AuditEvent e) {
                trail.record(e);
            }
        };
        ops.audit = audit;
        return ops;
    }
}
