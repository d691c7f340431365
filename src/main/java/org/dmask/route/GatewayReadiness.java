package org.dmask.route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmask.dimse.StoreScp;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the gateway runs, its SCP is bound, and the start-up check holds: every folder it writes takes a file
 * (written, fsynced, deleted) and has the minimum free space, and the face models and the renderer passed. Otherwise
 * DOWN with the reason, one line naming the setting or path to fix.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    GatewayService service;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("dmask-gateway");
        Gateway g = service.gateway();
        if (g == null || !g.running()) {
            return b.down().withData("reason", "gateway not started").build();
        }
        StoreScp scp = g.scp();
        if (scp == null) {
            return b.down().withData("reason", "DICOM SCP not bound").build();
        }
        b.withData("scp-port", scp.port()).withData("queued", g.store().pending());
        String problem = spoolProblem(g.spoolDirectory());
        StartupCheck check = service.startupCheck();
        if (problem == null && check != null) {
            check.passed().forEach(b::withData);
            problem = check.readinessProblem();
        }
        if (problem != null) {
            return b.down().withData("reason", problem).build();
        }
        String rulesError = g.rules().lastError();
        if (rulesError != null) {
            b.withData("rules-reload-refused", rulesError);
        }
        return b.up().build();
    }

    static String spoolProblem(Path spool) {
        try {
            Path probe = Files.createTempFile(spool, ".ready", ".tmp");
            try (var ch = java.nio.channels.FileChannel.open(probe, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                ch.force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "spool " + spool + " not writable: " + e.getMessage();
        }
    }
}
