package org.dmask.route.delivery;

/**
 * Told of every change of a job in the {@link JobStore} (accepted, claimed, retried, done, dead-lettered, put back
 * in the queue by an operator, cancelled) and of objects that became dead letters without a job. Called while the
 * store is locked: keep it short, and never call the store back.
 */
public interface JobListener {

    /** The job in its new state; {@code removed} when an operator cancelled it. */
    void changed(Job job, boolean removed);

    /**
     * An object no rule takes, or that cannot be read, kept in dead letters as {@code name}.
     *
     * @param study    pseudonymous study, null when unknown (an unreadable object)
     * @param instance pseudonymous SOP Instance UID, null when unknown
     */
    default void unrouted(String name, String study, String instance, String reason) {
    }
}
