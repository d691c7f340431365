package org.dmask.route.delivery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The dead letters an operator sees and acts on, wherever they are kept: the single node's job store, or a cluster's
 * shared object store (where a retry becomes a job record in Kafka). The admin API, the console and the retention
 * use this, not the store behind it.
 */
public interface DeadLetters {

    /**
     * The dead letter {@code name} that a retry of {@code target} (null: all its failed jobs) can act on; refused with
     * the reason, and which targets it has, otherwise. Shared by every store's {@link #retry}.
     */
    static DeadLetter retryable(DeadLetter d, String name, String target) {
        if (d == null) {
            throw new java.util.NoSuchElementException("no dead letter " + name);
        }
        if (target != null && !d.targets().contains(target)) {
            throw new java.util.NoSuchElementException("dead letter " + name + " has no failed job for target '"
                    + target + "' (it has: " + String.join(", ", d.targets()) + ")");
        }
        return d;
    }

    /** Every dead letter, newest failure first. */
    List<DeadLetter> list() throws IOException;

    /** One dead letter, null when there is none of that name. */
    DeadLetter get(String name) throws IOException;

    /**
     * Queues a dead letter's failed jobs for {@code target} (null: all of them) again, as they were accepted, with
     * the attempts reset; returns the jobs queued.
     *
     * @throws java.util.NoSuchElementException when there is no dead letter of that name, or none of its failed jobs
     *                                          was for {@code target}
     */
    List<Job> retry(String name, String target) throws IOException;

    /** Retries every dead letter with a failed job for the target (after it came back); returns the jobs queued. */
    List<Job> retryAll(String target) throws IOException;

    /** Deletes a dead letter (its object and its reasons); false when there is none of that name. */
    boolean delete(String name) throws IOException;

    /** Deletes those whose last failure was before {@code cutoff}; returns the names deleted. */
    List<String> purge(Instant cutoff) throws IOException;

    /** Writes the object as received (decrypted) to a local file, durably (a preview, never shown as such). */
    void copyOut(String name, Path target) throws IOException;

    /**
     * Both as one: a cluster node's shared dead letters and those its own job store kept (objects no rule took on an
     * ingest node). Names are unique (object UUIDs); a name is looked up in {@code first}, then {@code second}.
     */
    static DeadLetters both(DeadLetters first, DeadLetters second) {
        return new DeadLetters() {
            @Override
            public List<DeadLetter> list() throws IOException {
                List<DeadLetter> all = new ArrayList<>(first.list());
                all.addAll(second.list());
                all.sort(Comparator.comparing(DeadLetter::lastFailure).reversed().thenComparing(DeadLetter::name));
                return all;
            }

            @Override
            public DeadLetter get(String name) throws IOException {
                DeadLetter d = first.get(name);
                return d != null ? d : second.get(name);
            }

            private DeadLetters holder(String name) throws IOException {
                if (first.get(name) != null) {
                    return first;
                }
                if (second.get(name) != null) {
                    return second;
                }
                throw new java.util.NoSuchElementException("no dead letter " + name);
            }

            @Override
            public List<Job> retry(String name, String target) throws IOException {
                return holder(name).retry(name, target);
            }

            @Override
            public List<Job> retryAll(String target) throws IOException {
                List<Job> all = new ArrayList<>(first.retryAll(target));
                all.addAll(second.retryAll(target));
                return all;
            }

            @Override
            public boolean delete(String name) throws IOException {
                return first.delete(name) | second.delete(name);
            }

            @Override
            public List<String> purge(Instant cutoff) throws IOException {
                List<String> all = new ArrayList<>(first.purge(cutoff));
                all.addAll(second.purge(cutoff));
                return all;
            }

            @Override
            public void copyOut(String name, Path target) throws IOException {
                holder(name).copyOut(name, target);
            }
        };
    }
}
