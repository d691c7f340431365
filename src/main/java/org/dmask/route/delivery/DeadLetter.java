package org.dmask.route.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dead letter as its folder holds it: the object as received ({@code <name>.dcm}, or {@code .dcm.enc} encrypted)
 * and its reasons, one {@link Failure} per failed job (or a single one without a job for an object no rule took).
 *
 * @param size        the stored object's size in bytes
 * @param lastFailure when the last reason was written
 */
public record DeadLetter(String name, long size, boolean encrypted, Instant lastFailure, List<Failure> failures) {

    public DeadLetter {
        failures = List.copyOf(failures);
    }

    /** The targets its failed jobs were for (empty for an object no rule took). */
    public List<String> targets() {
        return failures.stream().map(Failure::target).filter(t -> t != null).distinct().toList();
    }

    /** Whether no rule took the object (or it could not be read): no job failed, the routing did. */
    public boolean unrouted() {
        return failures.stream().allMatch(f -> f.target() == null);
    }

    /**
     * One section of the reason file: {@code reason}, and for a failed job its facts ({@code job}, {@code rule},
     * {@code target}, {@code study} ...), as written.
     */
    public record Failure(Map<String, String> facts) {

        public Failure {
            facts = Map.copyOf(facts);
        }

        public String reason() {
            return facts.get("reason");
        }

        public String target() {
            return facts.get("target");
        }

        public String rule() {
            return facts.get("rule");
        }

        public String study() {
            return facts.get("study");
        }
    }
}
