package org.dmask.admin.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The dashboard's memory: every {@code dmask.console.sample-interval} it reads the gateway's meters (the
 * {@code dmask_route_*} series of the Grafana dashboard) into a bounded ring of {@link Sample}s covering
 * {@code dmask.console.history}. Counters are kept as totals; the charts turn neighbouring samples into rates.
 */
@ApplicationScoped
public class MetricsHistory {

    private static final Logger LOG = Logger.getLogger(MetricsHistory.class);

    /** One reading of the meters. Totals are counts since start; queues and states are as they were. */
    public record Sample(long epochMillis, double received, Map<String, Double> forwarded,
            Map<String, Double> deadLettered, Map<String, Double> retries, Map<String, Double> queue,
            Map<String, Boolean> retrying, Map<String, Double> failingSince, long masked, double maskSeconds) {

        public double forwardedTotal() {
            return sum(forwarded);
        }

        public double deadLetteredTotal() {
            return sum(deadLettered);
        }

        public double retriesTotal() {
            return sum(retries);
        }

        public double queueTotal() {
            return sum(queue);
        }

        private static double sum(Map<String, Double> m) {
            return m.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    @Inject
    MeterRegistry registry;
    @Inject
    ConsoleConfig config;

    private final ArrayDeque<Sample> ring = new ArrayDeque<>();
    private ScheduledExecutorService sampler;

    void onStart(@Observes StartupEvent ev) {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dmask-console-sampler");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, config.sampleInterval().toMillis());
        sampler.scheduleAtFixedRate(this::sampleQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) { // a sampler that dies leaves the dashboard frozen: log and go on
            LOG.warnf("console: sampling the meters failed: %s", e.toString());
        }
    }

    /** Reads the meters now and appends the sample, dropping the oldest beyond the history's length. */
    public Sample sample() {
        Sample s = read(registry, System.currentTimeMillis());
        int capacity = capacity();
        synchronized (ring) {
            ring.addLast(s);
            while (ring.size() > capacity) {
                ring.removeFirst();
            }
        }
        return s;
    }

    /** How many samples the history holds at most. */
    int capacity() {
        long every = Math.max(100, config.sampleInterval().toMillis());
        return (int) Math.max(2, Math.min(100_000, config.history().toMillis() / every + 1));
    }

    /** The meters as they are now, not kept. */
    public Sample now() {
        return read(registry, System.currentTimeMillis());
    }

    /** The samples, oldest first. */
    public List<Sample> samples() {
        synchronized (ring) {
            return Collections.unmodifiableList(new ArrayList<>(ring));
        }
    }

    /** The gateway's meters as they are now; meters not yet registered read as zero. */
    static Sample read(MeterRegistry registry, long now) {
        double received = registry.find("dmask.route.received").counters().stream().mapToDouble(Counter::count).sum();
        long masked = 0;
        double maskSeconds = 0;
        for (Timer t : registry.find("dmask.route.stage").tag("stage", "mask").timers()) {
            masked += t.count();
            maskSeconds += t.totalTime(TimeUnit.SECONDS);
        }
        Map<String, Boolean> retrying = new TreeMap<>();
        byTarget(registry, "dmask.route.target.retrying").forEach((k, v) -> retrying.put(k, v > 0));
        return new Sample(now, received, counters(registry, "dmask.route.forwarded"),
                counters(registry, "dmask.route.dead.lettered"), counters(registry, "dmask.route.retries"),
                byTarget(registry, "dmask.route.queue.depth"), retrying,
                byTarget(registry, "dmask.route.target.failing.since"), masked, maskSeconds);
    }

    /** A counter's totals by target (tags other than target summed). */
    private static Map<String, Double> counters(MeterRegistry registry, String name) {
        Map<String, Double> out = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            out.merge(target(c.getId().getTag("target")), c.count(), Double::sum);
        }
        return out;
    }

    /** A per-target gauge's values. */
    private static Map<String, Double> byTarget(MeterRegistry registry, String name) {
        Map<String, Double> out = new TreeMap<>();
        for (Gauge g : registry.find(name).gauges()) {
            double v = g.value();
            out.put(target(g.getId().getTag("target")), Double.isNaN(v) ? 0 : v);
        }
        return out;
    }

    private static String target(String t) {
        return t == null ? "none" : t;
    }
}
