package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dmask.route.delivery.Job;

/**
 * The jobs the store holds (queued, in flight, and done ones whose object still waits for another target): list
 * with filters, show one with its last error, make a queued one due now, cancel a queued one.
 */
@ApplicationScoped
public class JobOps {

    @Inject
    RunningGateway running;
    @Inject
    AdminAudit audit;

    /**
     * A job, its object by pseudonymous UIDs only. {@code state}: queued, in-flight, done, dead-letter;
     * {@code lastError}: why its last attempt failed (the reason to show).
     */
    public record JobView(String id, String state, String target, String rule, String profile, String mask,
            int attempts, Instant accepted, Instant nextAttempt, String lastError, String study, String instance,
            String sopClassUID, String callingAET) {

        static JobView of(Job j) {
            return new JobView(j.id(), JobOps.state(j.state()), j.target(), j.rule(), j.profile(), j.mask().configName(),
                    j.attempts(), Instant.ofEpochMilli(j.created()), Instant.ofEpochMilli(j.nextAttempt()),
                    j.lastError(), j.study(), j.instance(), j.sopClassUID(), j.callingAET());
        }
    }

    static String state(Job.State s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The jobs, oldest first.
     *
     * @param target    only this target's (null: all)
     * @param state     only in this state, as {@link JobView#state()} names it (null: all)
     * @param olderThan only accepted longer ago than this (null: all)
     * @throws IllegalArgumentException for an unknown state
     */
    public List<JobView> list(String target, String state, Duration olderThan) {
        if (state != null && java.util.Arrays.stream(Job.State.values()).noneMatch(s -> state(s).equals(state))) {
            throw new IllegalArgumentException("unknown state '" + state + "' (queued, in-flight, done, dead-letter)");
        }
        long cutoff = olderThan == null ? Long.MAX_VALUE : System.currentTimeMillis() - olderThan.toMillis();
        return running.get().store().jobs().stream()
                .filter(j -> target == null || target.equals(j.target()))
                .filter(j -> state == null || state(j.state()).equals(state))
                .filter(j -> j.created() <= cutoff)
                .sorted(Comparator.comparingLong(Job::created).thenComparing(Job::id))
                .map(JobView::of).toList();
    }

    /** @throws java.util.NoSuchElementException when the store does not hold it */
    public JobView get(String id) {
        Job j = running.get().store().job(id);
        if (j == null) {
            throw new java.util.NoSuchElementException("no job " + id + " (delivered, dead-lettered or never made)");
        }
        return JobView.of(j);
    }

    /** Makes a queued job due now (operator). @throws IllegalStateException when it is not queued */
    public JobView retry(String user, String id) throws Exception {
        return audit.run(user, "jobs.retry", "job " + id, () -> JobView.of(running.get().retryJob(id)),
                v -> "due now, target " + v.target() + ", attempt " + (v.attempts() + 1));
    }

    /** Cancels a queued job: not delivered, never (operator). @throws IllegalStateException when it is not queued */
    public JobView delete(String user, String id) throws Exception {
        return audit.run(user, "jobs.delete", "job " + id, () -> JobView.of(running.get().store().cancel(id)),
                v -> "cancelled, target " + v.target() + ", rule " + v.rule() + ", instance " + v.instance());
    }
}
