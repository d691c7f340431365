package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmask.route.Gateway;
import org.dmask.route.RouteConfig;
import org.dmask.route.delivery.DeadLetter;
import org.dmask.route.delivery.Delivery;
import org.dmask.route.delivery.TargetSpec;

/**
 * The targets of the running rules: health (ok, failing, degraded, paused), backlog, dead letters, the last error and
 * since when it fails; C-ECHO to a DICOM target; pause and resume (jobs stay queued while paused).
 */
@ApplicationScoped
public class TargetOps {

    @Inject
    RunningGateway running;
    @Inject
    AdminAudit audit;
    @Inject
    RouteConfig config;

    /**
     * One target. {@code health}: {@code ok}; {@code failing} (its last attempt failed, jobs retried);
     * {@code degraded} (failing longer than {@code dmask.route.target-degraded-after}); {@code paused} wins over
     * these. {@code backlog}: jobs not yet delivered; {@code deadLetters}: dead letters with a failed job for it.
     */
    public record TargetView(String name, String uri, String scheme, String health, boolean paused, int backlog,
            int deadLetters, String lastError, Instant failingSince, int failedAttempts) {
    }

    /** A C-ECHO's answer: success with the status (0x0000), or the error; how long it took. */
    public record EchoResult(String target, boolean success, int status, long millis, String error) {
    }

    public List<TargetView> list() throws IOException {
        Gateway g = running.get();
        Map<String, Integer> backlog = g.store().pendingByTarget();
        Map<String, Integer> dead = new HashMap<>();
        for (DeadLetter d : g.deadLetters().list()) {
            d.targets().forEach(t -> dead.merge(t, 1, Integer::sum));
        }
        long now = System.currentTimeMillis();
        Duration degradedAfter = config.targetDegradedAfter();
        return g.rules().get().targets().values().stream().sorted(java.util.Comparator.comparing(TargetSpec::name))
                .map(t -> view(t, g.targetState(t.name()), backlog.getOrDefault(t.name(), 0),
                        dead.getOrDefault(t.name(), 0), now, degradedAfter))
                .toList();
    }

    public TargetView get(String name) throws IOException {
        return list().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no target '" + name
                        + "' in the running rules"));
    }

    static TargetView view(TargetSpec t, Delivery.TargetState s, int backlog, int dead, long now, Duration after) {
        String health = s.paused() ? "paused" : !s.retrying() ? "ok"
                : now - s.failingSince() > after.toMillis() ? "degraded" : "failing";
        int colon = t.uri().indexOf(':');
        return new TargetView(t.name(), Redact.uri(t.uri()), colon < 0 ? t.uri() : t.uri().substring(0, colon),
                health, s.paused(), backlog, dead, s.lastError(),
                s.retrying() ? Instant.ofEpochMilli(s.failingSince()) : null, s.failures());
    }

    /** C-ECHO to a DICOM target with its deliveries' settings (operator); the failure is an answer, not an error. */
    public EchoResult echo(String user, String target) throws Exception {
        Gateway g = running.get();
        long start = System.nanoTime();
        EchoResult r;
        try {
            int status = g.echo(target);
            r = new EchoResult(target, status == 0, status, (System.nanoTime() - start) / 1_000_000,
                    status == 0 ? null : "C-ECHO answered status " + String.format("%04X", status));
        } catch (IOException e) {
            r = new EchoResult(target, false, -1, (System.nanoTime() - start) / 1_000_000, e.getMessage());
        } catch (RuntimeException e) {
            audit.record(user, "targets.echo", target, false, e.getMessage());
            throw e;
        }
        audit.record(user, "targets.echo", target, r.success(), r.success() ? "success in " + r.millis() + " ms"
                : r.error());
        return r;
    }

    /** Pauses delivery to a target (admin): its jobs stay queued. Returns the target's view after. */
    public TargetView pause(String user, String target) throws Exception {
        Gateway g = running.get();
        return audit.run(user, "targets.pause", target, () -> {
            g.pause(target);
            return get(target);
        }, v -> "paused with " + v.backlog() + " job(s) queued");
    }

    /** Resumes delivery to a paused target at once (admin). */
    public TargetView resume(String user, String target) throws Exception {
        Gateway g = running.get();
        return audit.run(user, "targets.resume", target, () -> {
            get(target);
            g.resume(target);
            return get(target);
        }, v -> "resumed with " + v.backlog() + " job(s) queued");
    }
}
