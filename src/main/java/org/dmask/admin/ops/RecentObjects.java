package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmask.route.delivery.Job;
import org.dmask.route.delivery.JobListener;

/**
 * The objects the gateway handled lately, by pseudonymous UIDs only (never the original patient name or UIDs): when
 * each arrived, which rule took it, what happened per target, how long it took. Fed by the job store's changes
 * ({@link JobListener}); a bounded ring in memory ({@code dmask.admin.api.recent-objects}), empty after a restart.
 */
@ApplicationScoped
public class RecentObjects implements JobListener {

    private final Map<String, Entry> entries;

    /**
     * One object. {@code outcome}: in progress, delivered, dead letter, partly dead-lettered, or unrouted (no rule
     * took it); {@code millis}: from acceptance to its last delivery's end, null while in progress.
     */
    public record RecentObject(String object, String study, String instance, String sopClassUID, String callingAET,
            Instant received, List<String> rules, String outcome, Long millis, List<DeliveryView> deliveries,
            String reason) {
    }

    /** One delivery of the object: target, rule, state, attempts, the last error, when it ended. */
    public record DeliveryView(String target, String rule, String job, String state, int attempts, String lastError,
            Instant finished, Long millis) {
    }

    @Inject
    public RecentObjects(AdminApiConfig config) {
        int capacity = Math.max(1, config.recentObjects());
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized void changed(Job job, boolean removed) {
        Entry e = entries.computeIfAbsent(job.objectId(), k -> new Entry(job));
        if (removed) {
            e.deliveries.put(job.id(), new DeliveryView(job.target(), job.rule(), job.id(), "cancelled",
                    job.attempts(), job.lastError(), Instant.now(), System.currentTimeMillis() - job.created()));
            return;
        }
        String state = JobOps.state(job.state());
        boolean end = job.state().terminal();
        e.deliveries.put(job.id(), new DeliveryView(job.target(), job.rule(), job.id(), state,
                job.attempts() + (job.state() == Job.State.DONE ? 1 : 0), job.lastError(), end ? Instant.now() : null,
                end ? System.currentTimeMillis() - job.created() : null));
    }

    @Override
    public synchronized void unrouted(String name, String study, String instance, String reason) {
        Entry e = new Entry(name, study, instance, reason);
        entries.put(name, e);
    }

    /**
     * The recent objects, newest first.
     *
     * @param uid   only the object whose pseudonymous study or instance UID this is (null: all)
     * @param limit at most this many
     */
    public synchronized List<RecentObject> list(String uid, int limit) {
        List<RecentObject> out = new ArrayList<>();
        List<Entry> all = new ArrayList<>(entries.values());
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            Entry e = all.get(i);
            if (uid == null || uid.equals(e.study) || uid.equals(e.instance)) {
                out.add(e.view());
            }
        }
        return out;
    }

    private static final class Entry {
        final String object;
        final String study;
        final String instance;
        final String sopClassUID;
        final String callingAET;
        final long received;
        final String reason;
        final Map<String, DeliveryView> deliveries = new LinkedHashMap<>();

        Entry(Job j) {
            this.object = j.objectId();
            this.study = j.study();
            this.instance = j.instance();
            this.sopClassUID = j.sopClassUID();
            this.callingAET = j.callingAET();
            this.received = j.created();
            this.reason = null;
        }

        Entry(String name, String study, String instance, String reason) {
            this.object = name;
            this.study = study;
            this.instance = instance;
            this.sopClassUID = null;
            this.callingAET = null;
            this.received = System.currentTimeMillis();
            this.reason = reason;
        }

        RecentObject view() {
            List<DeliveryView> d = List.copyOf(deliveries.values());
            String outcome;
            Long millis = null;
            if (reason != null) {
                outcome = "unrouted";
            } else if (d.stream().anyMatch(v -> v.finished() == null)) {
                outcome = "in progress";
            } else {
                long dead = d.stream().filter(v -> v.state().equals("dead-letter")).count();
                outcome = dead == 0 ? "delivered" : dead == d.size() ? "dead letter" : "partly dead-lettered";
                millis = d.stream().map(DeliveryView::millis).filter(m -> m != null).max(Long::compare).orElse(null);
            }
            return new RecentObject(object, study, instance, sopClassUID, callingAET, Instant.ofEpochMilli(received),
                    d.stream().map(DeliveryView::rule).distinct().toList(), outcome, millis, d, reason);
        }
    }
}
