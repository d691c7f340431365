package org.dmask.route;

import org.dmask.route.delivery.GatewayMeter;

import org.dmask.route.delivery.Delivery;
import org.dmask.route.delivery.JobStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;

/**
 * Micrometer meters of the gateway, each with its HELP text. From the audit events: {@code dmask_route_received_total},
 * {@code dmask_route_forwarded_total} and {@code dmask_route_dead_lettered_total} per target, the queue depth in all
 * and per target. From the {@link GatewayMeter} calls: {@code dmask_route_stage_seconds} per stage (receive,
 * deidentify, mask) and rule, {@code dmask_route_send_seconds} per target, {@code dmask_route_retries_total} and
 * {@code dmask_route_permanent_failures_total} per target and kind of failure. Per target state:
 * {@code dmask_route_target_retrying} (1 while its last attempt failed) and {@code dmask_route_target_failing_since_seconds}
 * (epoch seconds of the outage's first failure, 0 when ok).
 */
final class RouteMetrics implements AuditSink, GatewayMeter {

    private final MeterRegistry registry;
    private final Supplier<Gateway> gateway;
    private final Set<String> targets = ConcurrentHashMap.newKeySet();

    RouteMetrics(MeterRegistry registry, Supplier<Gateway> gateway) {
        this.registry = registry;
        this.gateway = gateway;
        Gauge.builder("dmask.route.queue.depth.total", () -> store() == null ? 0 : store().pending())
                .description("jobs not yet delivered or dead-lettered").register(registry);
        Counter.builder("dmask.route.received").description("objects received and routed (durable jobs made)")
                .register(registry);
    }

    private JobStore store() {
        Gateway g = gateway.get();
        return g == null ? null : g.store();
    }

    @Override
    public void record(AuditEvent e) {
        switch (e.type()) {
            case RECEIVE -> {
                if (e.outcome() == AuditEvent.Outcome.SUCCESS) {
                    Counter.builder("dmask.route.received").description("objects received and routed (durable jobs "
                            + "made)").register(registry).increment();
                }
            }
            case SEND -> Counter.builder("dmask.route.forwarded").tag("target", e.target())
                    .description("objects delivered to a target").register(registry).increment();
            case DEAD_LETTER -> Counter.builder("dmask.route.dead.lettered")
                    .tag("target", e.target() == null ? "none" : e.target())
                    .description("jobs that became dead letters (target none: objects no rule took or that could "
                            + "not be read)").register(registry).increment();
            default -> {
            }
        }
        target(e.target());
    }

    @Override
    public void timed(Stage stage, String rule, String target, long nanos) {
        if (stage == Stage.SEND) {
            target(target);
            Timer.builder("dmask.route.send").tag("target", target)
                    .description("time to send a prepared object to a target, failed attempts included")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(10)).register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        } else {
            Timer.builder("dmask.route.stage").tag("stage", stage.tag()).tag("rule", rule == null ? "none" : rule)
                    .description("time an object spends in a stage: receive (spool to durable jobs), deidentify, "
                            + "mask; once per object, whatever its fan-out")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofHours(1)).register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void retried(String target, String kind) {
        target(target);
        Counter.builder("dmask.route.retries").tag("target", target).tag("kind", kind)
                .description("failed delivery attempts that will be retried, by kind of failure").register(registry)
                .increment();
    }

    @Override
    public void deadLettered(String target, String kind) {
        target(target);
        Counter.builder("dmask.route.permanent.failures").tag("target", target).tag("kind", kind)
                .description("failures that made a dead letter of a job (permanent, or past the maximum age), by "
                        + "kind").register(registry).increment();
    }

    /** The per-target gauges, once per target seen. */
    private void target(String t) {
        if (t == null || !targets.add(t)) {
            return;
        }
        Gauge.builder("dmask.route.queue.depth", () -> store() == null ? 0
                : store().pendingByTarget().getOrDefault(t, 0)).tag("target", t)
                .description("jobs waiting for this target").register(registry);
        Gauge.builder("dmask.route.target.retrying", () -> state(t).retrying() ? 1 : 0).tag("target", t)
                .description("1 while the target's last delivery attempt failed and its jobs are being retried, "
                        + "else 0").register(registry);
        Gauge.builder("dmask.route.target.failing.since", () -> state(t).failingSince() / 1000.0).tag("target", t)
                .baseUnit("seconds").description("when the target's current outage began (epoch seconds), 0 when it "
                        + "delivers").register(registry);
    }

    private Delivery.TargetState state(String t) {
        Gateway g = gateway.get();
        return g == null ? new Delivery.TargetState(t, false, 0) : g.targetState(t);
    }
}
