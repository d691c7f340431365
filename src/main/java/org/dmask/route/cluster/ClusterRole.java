package org.dmask.route.cluster;

/** What a node does ({@code dmask.cluster.role}). */
public enum ClusterRole {
    /** Ingest and deliver in one process: the single node. */
    BOTH,
    /** SCP, STOW-RS and the rules: writes jobs, delivers none. */
    INGEST,
    /** Takes jobs: de-identifies, masks and sends; takes no C-STORE or STOW-RS. */
    WORKER;

    public boolean ingests() {
        return this != WORKER;
    }

    public boolean delivers() {
        return this != INGEST;
    }
}
