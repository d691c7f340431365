package org.dmask.route;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;
import org.jboss.logging.Logger;

/**
 * Works the job store: worker threads claim due jobs, prepare the output, send it to the job's target, and record
 * the outcome. Transient failures are retried with exponential backoff until the maximum age; permanent ones, and
 * transient ones past the maximum age, become dead letters.
 */
public final class Delivery implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    private final JobStore store;
    private final Preparer preparer;
    private final Sender sender;
    private final Backoff backoff;
    private final AuditSink audit;
    private final int workers;
    private final long pollMillis;
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private boolean wake;

    public Delivery(JobStore store, Preparer preparer, Sender sender, Backoff backoff, AuditSink audit, int workers,
            long pollMillis) {
        this.store = store;
        this.preparer = preparer;
        this.sender = sender;
        this.backoff = backoff;
        this.audit = audit;
        this.workers = workers;
        this.pollMillis = pollMillis;
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "dmask-delivery-" + (i + 1));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** New jobs are queued: wake a worker now instead of at the next poll. */
    public void wakeUp() {
        synchronized (signal) {
            wake = true;
            signal.notifyAll();
        }
    }

    private void work() {
        while (running) {
            List<Job> claimed;
            try {
                claimed = store.claimDue(System.currentTimeMillis(), 1, Set.of());
            } catch (IOException e) {
                LOG.errorf("cannot claim jobs: %s", e.getMessage());
                claimed = List.of();
            }
            if (claimed.isEmpty()) {
                synchronized (signal) {
                    if (!wake) {
                        try {
                            signal.wait(pollMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    wake = false;
                }
                continue;
            }
            for (Job j : claimed) {
                try {
                    deliver(j);
                    if (!store.holds(j.objectId())) {
                        preparer.release(j.objectId());
                    }
                } catch (IOException | RuntimeException e) {
                    // The job stays in-flight in the store only in memory; put it back for a later attempt.
                    LOG.errorf(e, "job %s: cannot record the outcome", j.id());
                    try {
                        store.retry(j, "internal: " + e, System.currentTimeMillis() + backoff.delayMillis(1));
                    } catch (IOException ex) {
                        LOG.errorf("job %s: %s", j.id(), ex.getMessage());
                    }
                }
            }
        }
    }

    void deliver(Job j) throws IOException {
        TargetSpec t = new TargetSpec(j.target(), j.targetUri());
        try {
            Path file = preparer.prepare(j);
            sender.send(t, file, j);
        } catch (DeliveryException e) {
            fail(j, e);
            return;
        }
        store.done(j);
        audit.record(AuditEvent.of(AuditEvent.Type.SEND, AuditEvent.Outcome.SUCCESS, j.callingAET(), j.study(),
                j.rule(), j.target(), "attempt " + (j.attempts() + 1)));
    }

    private void fail(Job j, DeliveryException e) throws IOException {
        long now = System.currentTimeMillis();
        String reason = e.getMessage();
        boolean tooOld = now - j.created() >= backoff.maxAge().toMillis();
        if (e.permanent() || tooOld) {
            String why = e.permanent() ? reason
                    : "not delivered within the maximum age of " + backoff.maxAge() + "; last error: " + reason;
            store.deadLetter(j, why);
            LOG.warnf("job %s (rule %s, target %s): dead letter: %s", j.id(), j.rule(), j.target(), why);
            audit.record(AuditEvent.of(AuditEvent.Type.DEAD_LETTER, AuditEvent.Outcome.FAILURE, j.callingAET(),
                    j.study(), j.rule(), j.target(), why));
            return;
        }
        long delay = backoff.delayMillis(j.attempts() + 1);
        store.retry(j, reason, now + delay);
        LOG.debugf("job %s to %s failed (attempt %d), retry in %d ms: %s", j.id(), j.target(), j.attempts() + 1,
                delay, reason);
        audit.record(AuditEvent.of(AuditEvent.Type.FAILURE, AuditEvent.Outcome.FAILURE, j.callingAET(), j.study(),
                j.rule(), j.target(), "attempt " + (j.attempts() + 1) + " failed, retry in " + delay + " ms: " + reason));
    }

    @Override
    public synchronized void close() {
        running = false;
        wakeUp();
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }
}
