package org.dmask.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmask.admin.console.MetricsHistory.Sample;
import org.junit.jupiter.api.Test;

/**
 * The dashboard from the gateway's meters: the sample reads the dmask_route_* meters by target, and the view turns
 * neighbouring samples into per-minute rates and a mean mask time.
 */
class DashboardViewTest {

    @Test
    void samplesTheMetersAndTurnsThemIntoRatesAndRows() {
        MeterRegistry r = new SimpleMeterRegistry();
        AtomicInteger pacsQueue = new AtomicInteger(3);
        Gauge.builder("dmask.route.queue.depth", pacsQueue, AtomicInteger::get).tag("target", "pacs").register(r);
        Gauge.builder("dmask.route.target.retrying", () -> 1).tag("target", "pacs").register(r);
        Gauge.builder("dmask.route.target.failing.since", () -> 1_800_000_000.0).tag("target", "pacs").register(r);
        Sample a = MetricsHistory.read(r, 0);

        Counter.builder("dmask.route.received").register(r).increment(30);
        Counter.builder("dmask.route.forwarded").tag("target", "archive").register(r).increment(20);
        Counter.builder("dmask.route.dead.lettered").tag("target", "pacs").register(r).increment(2);
        Counter.builder("dmask.route.retries").tag("target", "pacs").tag("kind", "timeout").register(r).increment(4);
        Counter.builder("dmask.route.retries").tag("target", "pacs").tag("kind", "aborted").register(r).increment(1);
        Timer.builder("dmask.route.stage").tag("stage", "mask").tag("rule", "v").register(r)
                .record(30, TimeUnit.SECONDS);
        Timer.builder("dmask.route.stage").tag("stage", "mask").tag("rule", "w").register(r)
                .record(10, TimeUnit.SECONDS);
        pacsQueue.set(1);
        Sample b = MetricsHistory.read(r, 30_000);

        assertEquals(5.0, b.retries().get("pacs"), "kinds summed per target");
        DashboardView v = new DashboardView(List.of(a, b), b, List.of("archive", "pacs", "unused"), ZoneOffset.UTC);
        assertEquals(30, v.received());
        assertEquals(20, v.forwarded());
        assertEquals(2, v.deadLettered());
        assertEquals(1, v.queued());
        assertEquals(1, v.failingTargets());
        assertEquals("20.0 s", v.maskSecondsPerVideo());
        assertEquals(List.of("archive", "pacs", "unused"), v.targets().stream().map(DashboardView.TargetRow::name)
                .toList(), "the rules' targets, also those without meters yet");
        DashboardView.TargetRow pacs = v.targets().get(1);
        assertTrue(pacs.failing());
        assertEquals("2027-01-15 08:00:00", pacs.failingSince());
        String throughput = v.charts().get(0).svg();
        assertTrue(throughput.contains(">100<") && !throughput.contains(">200<"), "30 in half a minute: 60/min, "
                + "on a scale of 100");
        assertEquals("30 s", v.span());
    }
}
