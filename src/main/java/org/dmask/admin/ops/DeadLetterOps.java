package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dmask.route.delivery.DeadLetter;
import org.dmask.route.delivery.Job;

/**
 * Dead letters: list with filters, show one with its reasons, retry (the original object, decrypted, queued again for
 * the failed targets), retry all of a target's after it came back, delete. The object itself is never shown.
 */
@ApplicationScoped
public class DeadLetterOps {

    @Inject
    RunningGateway running;
    @Inject
    AdminAudit audit;

    /**
     * A dead letter: its name, the stored object's size, whether encrypted, when it last failed, the targets its
     * failed jobs were for (empty: no rule took the object), and its reasons (facts per failed job, pseudonymous).
     */
    public record DeadLetterView(String name, long size, boolean encrypted, Instant lastFailure, boolean unrouted,
            List<String> targets, List<Map<String, String>> reasons) {

        static DeadLetterView of(DeadLetter d) {
            return new DeadLetterView(d.name(), d.size(), d.encrypted(), d.lastFailure(), d.unrouted(), d.targets(),
                    d.failures().stream().map(f -> withoutUri(f.facts())).toList());
        }

        private static Map<String, String> withoutUri(Map<String, String> facts) {
            Map<String, String> m = new java.util.LinkedHashMap<>(facts);
            m.computeIfPresent("target-uri", (k, v) -> Redact.uri(v));
            return m;
        }
    }

    /** What a retry did: the jobs queued again (for which targets), none when the object went to dead letters again. */
    public record RetryResult(int jobs, List<String> targets, List<String> jobIds) {

        static RetryResult of(List<Job> jobs) {
            return new RetryResult(jobs.size(), jobs.stream().map(Job::target).distinct().sorted().toList(),
                    jobs.stream().map(Job::id).toList());
        }
    }

    /**
     * Dead letters, newest first.
     *
     * @param target    only those with a failed job for this target (null: all)
     * @param olderThan only those that last failed longer ago than this (null: all)
     */
    public List<DeadLetterView> list(String target, Duration olderThan) throws IOException {
        Instant cutoff = olderThan == null ? Instant.MAX : Instant.now().minus(olderThan);
        return running.get().deadLetters().list().stream()
                .filter(d -> target == null || d.targets().contains(target))
                .filter(d -> !d.lastFailure().isAfter(cutoff))
                .map(DeadLetterView::of).toList();
    }

    /** @throws java.util.NoSuchElementException when there is none of that name */
    public DeadLetterView get(String name) throws IOException {
        DeadLetter d = running.get().deadLetters().get(name);
        if (d == null) {
            throw new java.util.NoSuchElementException("no dead letter " + name);
        }
        return DeadLetterView.of(d);
    }

    /** Retries one dead letter, for one target (null: all of its failed targets) (operator). */
    public RetryResult retry(String user, String name, String target) throws Exception {
        return audit.run(user, "dead-letters.retry", "dead letter " + name + (target == null ? "" : " for " + target),
                () -> RetryResult.of(running.get().deadLetters().retry(name, target)),
                r -> r.jobs() + " job(s) queued again for " + r.targets());
    }

    /** Retries every dead letter with a failed job for the target (operator), e.g. after the target came back. */
    public RetryResult retryAll(String user, String target) throws Exception {
        return audit.run(user, "dead-letters.retry-all", target,
                () -> RetryResult.of(running.get().deadLetters().retryAll(target)),
                r -> r.jobs() + " job(s) queued again");
    }

    /** Deletes a dead letter, object and reasons (operator). @throws java.util.NoSuchElementException when none */
    public DeadLetterView delete(String user, String name) throws Exception {
        return audit.run(user, "dead-letters.delete", "dead letter " + name, () -> {
            DeadLetterView v = get(name);
            running.get().deadLetters().delete(name);
            return v;
        }, v -> "deleted (" + v.size() + " bytes, targets " + v.targets() + ")");
    }
}
