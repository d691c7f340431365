package org.dmask.admin.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.dmask.admin.console.MetricsHistory.Sample;
import org.dmask.admin.console.SvgChart.Point;

/**
 * What the dashboard shows, computed from the sampled history: the totals now, a row per target, and the charts
 * (rates from neighbouring samples, per minute).
 */
public final class DashboardView {

    /** One target's line in the table. */
    public record TargetRow(String name, long queue, long forwarded, long deadLettered, long retries,
            boolean failing, String failingSince) {

        public String state() {
            return failing ? "failing" : "ok";
        }
    }

    private final List<Sample> samples;
    private final Sample last;
    private final ZoneId zone;
    private final List<String> ruleTargets;

    /**
     * @param now the meters as they are now (the totals and the table)
     * @param ruleTargets targets to list even before they have a meter: the running rules' targets
     */
    public DashboardView(List<Sample> samples, Sample now, List<String> ruleTargets, ZoneId zone) {
        this.samples = samples;
        this.last = now;
        this.zone = zone;
        this.ruleTargets = ruleTargets;
    }

    public long received() {
        return Math.round(last.received());
    }

    public long forwarded() {
        return Math.round(last.forwardedTotal());
    }

    public long deadLettered() {
        return Math.round(last.deadLetteredTotal());
    }

    public long queued() {
        return Math.round(last.queueTotal());
    }

    public long retries() {
        return Math.round(last.retriesTotal());
    }

    public long failingTargets() {
        return last.retrying().values().stream().filter(b -> b).count();
    }

    public long masked() {
        return last.masked();
    }

    /** Mean seconds per masked video since start, or a dash. */
    public String maskSecondsPerVideo() {
        return last.masked() == 0 ? "–" : String.format(Locale.ROOT, "%.1f s", last.maskSeconds() / last.masked());
    }

    /** How far back the charts reach. */
    public String span() {
        if (samples.size() < 2) {
            return "no history yet";
        }
        Duration d = Duration.ofMillis(samples.get(samples.size() - 1).epochMillis() - samples.get(0).epochMillis());
        return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }

    public List<TargetRow> targets() {
        TreeSet<String> names = new TreeSet<>();
        names.addAll(last.queue().keySet());
        names.addAll(last.forwarded().keySet());
        names.addAll(last.deadLettered().keySet());
        names.addAll(last.retries().keySet());
        names.addAll(ruleTargets);
        names.remove("none");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        List<TargetRow> rows = new ArrayList<>();
        for (String t : names) {
            double since = last.failingSince().getOrDefault(t, 0.0);
            boolean failing = last.retrying().getOrDefault(t, false) || since > 0;
            rows.add(new TargetRow(t, Math.round(last.queue().getOrDefault(t, 0.0)),
                    Math.round(last.forwarded().getOrDefault(t, 0.0)),
                    Math.round(last.deadLettered().getOrDefault(t, 0.0)),
                    Math.round(last.retries().getOrDefault(t, 0.0)), failing,
                    since > 0 ? f.format(Instant.ofEpochMilli((long) (since * 1000))) : ""));
        }
        return rows;
    }

    /** Dead letters no target was to blame for (no rule took the object, or it could not be read). */
    public long unrouted() {
        return Math.round(last.deadLettered().getOrDefault("none", 0.0));
    }

    public List<SvgChart> charts() {
        List<SvgChart> charts = new ArrayList<>();
        charts.add(new SvgChart("Throughput", "objects/min").zone(zone)
                .series("received", rate(Sample::received))
                .series("forwarded", rate(Sample::forwardedTotal)));
        SvgChart queues = new SvgChart("Queue per target", "jobs").zone(zone);
        TreeSet<String> targets = new TreeSet<>();
        samples.forEach(s -> targets.addAll(s.queue().keySet()));
        queues.series("all", level(Sample::queueTotal));
        for (String t : targets) {
            queues.series(t, level(s -> s.queue().getOrDefault(t, 0.0)));
        }
        charts.add(queues);
        charts.add(new SvgChart("Failures", "per min").zone(zone)
                .series("dead letters", rate(Sample::deadLetteredTotal))
                .series("retries", rate(Sample::retriesTotal)));
        charts.add(new SvgChart("Mask speed", "s/video").zone(zone).series("mean mask time", maskTime()));
        return charts;
    }

    /** A total's change per minute between neighbouring samples. */
    private List<Point> rate(ToDoubleFunction<Sample> total) {
        List<Point> out = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double minutes = (b.epochMillis() - a.epochMillis()) / 60_000.0;
            double delta = Math.max(0, total.applyAsDouble(b) - total.applyAsDouble(a));
            out.add(new Point(b.epochMillis(), minutes <= 0 ? Double.NaN : delta / minutes));
        }
        return out;
    }

    private List<Point> level(ToDoubleFunction<Sample> value) {
        return samples.stream().map(s -> new Point(s.epochMillis(), value.applyAsDouble(s))).toList();
    }

    /** Mean seconds per video masked between neighbouring samples; a gap where none was masked. */
    private List<Point> maskTime() {
        List<Point> out = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            long n = b.masked() - a.masked();
            out.add(new Point(b.epochMillis(), n <= 0 ? Double.NaN : (b.maskSeconds() - a.maskSeconds()) / n));
        }
        return out;
    }
}
