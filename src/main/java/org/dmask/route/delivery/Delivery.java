package org.dmask.route.delivery;

import org.dmask.route.component.DeliveryException;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    /** While a target stays down with the same reason, a WARN line at most this often. */
    static final long WARN_EVERY_MILLIS = 60_000;

    private final JobStore store;
    private final Preparer preparer;
    private final Sender sender;
    private final Backoff backoff;
    private final AuditSink audit;
    private final GatewayMeter meter;
    private final int workers;
    private final long pollMillis;
    private final Object signal = new Object();
    private final List<Thread> threads = new ArrayList<>();
    /** Targets whose last attempt failed transiently. */
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();
    /** Targets an operator paused: their jobs stay queued, no worker claims them. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private boolean wake;

    public Delivery(JobStore store, Preparer preparer, Sender sender, Backoff backoff, AuditSink audit, int workers,
            long pollMillis) {
        this(store, preparer, sender, backoff, audit, GatewayMeter.NONE, workers, pollMillis);
    }

    /** @param meter told how long each send took, and of retries and dead letters by kind */
    public Delivery(JobStore store, Preparer preparer, Sender sender, Backoff backoff, AuditSink audit,
            GatewayMeter meter, int workers, long pollMillis) {
        this.meter = meter;
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
                claimed = store.claimDue(System.currentTimeMillis(), 1, paused);
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
        long start = System.nanoTime();
        long prepared;
        String note;
        Path file;
        try {
            file = preparer.prepare(j);
            prepared = System.nanoTime();
        } catch (DeliveryException e) {
            fail(j, e);
            return;
        }
        try {
            note = sender.send(t, file, j);
        } catch (DeliveryException e) {
            meter.timed(GatewayMeter.Stage.SEND, j.rule(), j.target(), System.nanoTime() - prepared);
            if (e.permanent()) {
                outages.remove(j.target()); // it answered, with a refusal: it is up
            }
            fail(j, e);
            return;
        }
        long sent = System.nanoTime();
        meter.timed(GatewayMeter.Stage.SEND, j.rule(), j.target(), sent - prepared);
        store.done(j);
        audit.record(AuditEvent.of(AuditEvent.Type.SEND, AuditEvent.Outcome.SUCCESS, j.callingAET(), j.study(),
                j.rule(), j.target(), "attempt " + (j.attempts() + 1) + (note == null ? "" : "; " + note)));
        Outage o = outages.remove(j.target());
        if (o != null) {
            LOG.infof("target %s delivers again, %s after its first failure (%d failed attempt(s))", j.target(),
                    seconds(System.currentTimeMillis() - o.since), o.failures);
        }
        LOG.infof("delivered %s to %s (rule %s, attempt %d): prepared in %d ms, sent in %d ms, %s after receipt%s",
                label(j), j.target(), j.rule(), j.attempts() + 1, (prepared - start) / 1_000_000,
                (sent - prepared) / 1_000_000, seconds(System.currentTimeMillis() - j.created()),
                note == null ? "" : "; " + note);
    }

    private void fail(Job j, DeliveryException e) throws IOException {
        long now = System.currentTimeMillis();
        String reason = e.getMessage();
        boolean tooOld = now - j.created() >= backoff.maxAge().toMillis();
        if (e.permanent() || tooOld) {
            String why = e.permanent() ? reason
                    : "not delivered within the maximum age of " + backoff.maxAge() + "; last error: " + reason;
            store.deadLetter(j, why);
            meter.deadLettered(j.target(), GatewayMeter.kindOf(why));
            LOG.warnf("dead letter: %s for %s (rule %s) after %d attempt(s): %s", label(j), j.target(), j.rule(),
                    j.attempts() + 1, why);
            audit.record(AuditEvent.of(AuditEvent.Type.DEAD_LETTER, AuditEvent.Outcome.FAILURE, j.callingAET(),
                    j.study(), j.rule(), j.target(), why));
            return;
        }
        long delay = backoff.delayMillis(j.attempts() + 1);
        store.retry(j, reason, now + delay);
        meter.retried(j.target(), GatewayMeter.kindOf(reason));
        warnOrCount(j, reason, delay, now);
        audit.record(AuditEvent.of(AuditEvent.Type.FAILURE, AuditEvent.Outcome.FAILURE, j.callingAET(), j.study(),
                j.rule(), j.target(), "attempt " + (j.attempts() + 1) + " failed, retry in " + delay + " ms: " + reason));
    }

    /**
     * One WARN line for a failed attempt, without a stack trace. While a target stays down with the same reason, its
     * other jobs' failures are counted, not logged (DEBUG), and a WARN line again every {@link #WARN_EVERY_MILLIS}
     * says how many were; the target's return is one INFO line.
     */
    private void warnOrCount(Job j, String reason, long delay, long now) {
        Outage o = outages.computeIfAbsent(j.target(), k -> new Outage(now));
        String quiet = null;
        synchronized (o) {
            o.failures++;
            o.lastError = reason;
            if (reason.equals(o.reason) && now - o.lastWarn < WARN_EVERY_MILLIS) {
                o.quiet++;
            } else {
                quiet = o.quiet == 0 ? "" : " (" + o.quiet + " more failed attempt(s) to " + j.target() + " since "
                        + seconds(now - o.lastWarn) + " ago not logged)";
                o.quiet = 0;
                o.lastWarn = now;
                o.reason = reason;
            }
        }
        if (quiet != null) {
            LOG.warnf("delivery to %s failed (attempt %d, %s, rule %s), next try in %s: %s%s", j.target(),
                    j.attempts() + 1, label(j), j.rule(), seconds(delay), reason, quiet);
        } else {
            LOG.debugf("delivery to %s failed (attempt %d, %s), next try in %s: %s", j.target(), j.attempts() + 1,
                    label(j), seconds(delay), reason);
        }
    }

    /**
     * A target's state: ok, or retrying since its first failure of the outage (epoch ms), with the last error and
     * how many attempts failed since; and whether an operator paused it.
     */
    public record TargetState(String target, boolean retrying, long failingSince, String lastError, int failures,
            boolean paused) {

        public TargetState(String target, boolean retrying, long failingSince) {
            this(target, retrying, failingSince, null, 0, false);
        }
    }

    /** The state of a target (ok when it never failed or delivered since). */
    public TargetState state(String target) {
        Outage o = outages.get(target);
        boolean p = paused.contains(target);
        if (o == null) {
            return new TargetState(target, false, 0, null, 0, p);
        }
        synchronized (o) {
            return new TargetState(target, true, o.since, o.lastError, o.failures, p);
        }
    }

    /** Stops claiming the target's jobs (a job being sent now finishes); they stay queued. */
    public void pause(String target) {
        paused.add(target);
    }

    /** Claims the target's jobs again, at once. */
    public void resume(String target) {
        if (paused.remove(target)) {
            wakeUp();
        }
    }

    public Set<String> paused() {
        return Set.copyOf(paused);
    }

    /** A job's object in logs: by its pseudonymous UIDs only. */
    static String label(Job j) {
        // A job file of an earlier version has no instance pseudonym: its job ID then.
        return (j.instance() == null ? "job " + j.id() : "instance " + j.instance()) + " (study " + j.study() + ")";
    }

    /** "850 ms", "1.6 s", "2 min 5 s". */
    public static String seconds(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }

    /** Since when a target fails, and what was logged of it. */
    private static final class Outage {
        final long since;
        long lastWarn;
        int failures;
        int quiet;
        String reason;
        String lastError;

        Outage(long since) {
            this.since = since;
        }
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
