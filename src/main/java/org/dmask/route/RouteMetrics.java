package org.dmask.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;

/**
 * Micrometer meters from the audit events: {@code dmask_route_received_total}, {@code dmask_route_forwarded_total}
 * and {@code dmask_route_dead_lettered_total} per target, and the queue depth per target as a gauge.
 */
final class RouteMetrics implements AuditSink {

    private final MeterRegistry registry;
    private final Supplier<JobStore> store;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();

    RouteMetrics(MeterRegistry registry, Supplier<JobStore> store) {
        this.registry = registry;
        this.store = store;
        Gauge.builder("dmask.route.queue.depth.total", () -> store.get() == null ? 0 : store.get().pending())
                .description("jobs not yet delivered or dead-lettered").register(registry);
    }

    @Override
    public void record(AuditEvent e) {
        switch (e.type()) {
            case RECEIVE -> Counter.builder("dmask.route.received").description("objects received")
                    .register(registry).increment();
            case SEND -> counter("dmask.route.forwarded", e.target()).increment();
            case DEAD_LETTER -> counter("dmask.route.dead.lettered", e.target() == null ? "none" : e.target())
                    .increment();
            case RULE_MATCH -> {
            }
            default -> {
            }
        }
        if (e.target() != null && gauges.add(e.target())) {
            String t = e.target();
            Gauge.builder("dmask.route.queue.depth", () -> store.get() == null ? 0
                    : store.get().pendingByTarget().getOrDefault(t, 0)).tag("target", t)
                    .description("jobs waiting for this target").register(registry);
        }
    }

    private Counter counter(String name, String target) {
        return Counter.builder(name).tag("target", target).register(registry);
    }
}
