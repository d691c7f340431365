package org.dmask.route.cluster;

import java.util.List;

/** The topic names under a prefix ({@code dmask.cluster.kafka.topic-prefix}, default {@code dmask.}). */
public record Topics(String prefix) {

    /** Where new jobs of a kind go: {@code <prefix>jobs.video}, {@code <prefix>jobs.image}. */
    public String jobs(JobKind kind) {
        return prefix + "jobs." + kind.configName();
    }

    /** Jobs that failed and wait for their not-before time: {@code <prefix>retry}. */
    public String retry() {
        return prefix + "retry";
    }

    /** Jobs that ended in dead letters (the object in the store's dead-letter area): {@code <prefix>dead-letters}. */
    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /** The workers' consumer group: {@code <prefix>workers}. */
    public String workerGroup() {
        return prefix + "workers";
    }

    public List<String> all() {
        return List.of(jobs(JobKind.VIDEO), jobs(JobKind.IMAGE), retry(), deadLetters());
    }
}
