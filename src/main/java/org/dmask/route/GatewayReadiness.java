package org.dmask.route;

import org.dmask.route.delivery.Delivery;

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
 * DOWN with the reason, one line naming the setting or path to fix. A target failing for longer than
 * {@code dmask.route.target-degraded-after} adds {@code status: degraded} and the target to the data, and stays UP
 * (see {@link #degraded}).
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    GatewayService service;
    @Inject
    RouteConfig config;

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
        String degraded = degraded(g, config.targetDegradedAfter(), System.currentTimeMillis());
        if (degraded != null) {
            b.withData("status", "degraded").withData("degraded", degraded);
        }
        return b.up().build();
    }

    /**
     * The targets failing for longer than {@code after}, one clause each ("pacs: failing for 17 min since ...: last
     * error"), or null when none is. A degraded target leaves readiness UP: the node still receives, and every
     * object it accepts is durable in the job store and delivered once the target is back; a load balancer that took
     * the node out would stop ingest everywhere for one broken target. The data says which target, for the monitor.
     */
    static String degraded(Gateway g, java.time.Duration after, long now) {
        java.util.List<String> clauses = new java.util.ArrayList<>();
        for (String t : new java.util.TreeSet<>(g.rules().get().targets().keySet())) {
            Delivery.TargetState s = g.targetState(t);
            if (s.retrying() && now - s.failingSince() > after.toMillis()) {
                clauses.add(t + ": failing for " + Delivery.seconds(now - s.failingSince()) + " since "
                        + java.time.Instant.ofEpochMilli(s.failingSince()) + ": " + s.lastError());
            }
        }
        return clauses.isEmpty() ? null : String.join("; ", clauses);
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
