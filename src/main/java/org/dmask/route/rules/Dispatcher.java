package org.dmask.route.rules;

import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.ObjectHeader;
import org.dmask.route.delivery.Job;
import org.dmask.route.delivery.JobStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;
import org.jboss.logging.Logger;

/**
 * The steps of the rule routes ({@link RuleRoutes}) for an object durable in the spool: {@link #open} reads its
 * header, {@link #take} records a matching rule's jobs, {@link #finish} writes one job per (object, target) before
 * moving the object into the job store. An object no rule takes, or that cannot be read, goes to dead letters with
 * the reason: nothing acknowledged is dropped.
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final JobStore store;
    private final UnaryOperator<String> studyPseudonym;
    private final AuditSink audit;
    private final Runnable wakeUp;

    /**
     * @param studyPseudonym the keyed UID an original UID becomes: the pseudonymous study and instance of logs and
     *                       audit
     * @param wakeUp         told when new jobs are queued
     */
    public Dispatcher(JobStore store, UnaryOperator<String> studyPseudonym, AuditSink audit, Runnable wakeUp) {
        this.store = store;
        this.studyPseudonym = studyPseudonym;
        this.audit = audit;
        this.wakeUp = wakeUp;
    }

    /**
     * Reads the object's header for the rules; null when there is nothing to route: it was routed already (a
     * recovery scan and the receiver raced for it) or it cannot be read (then it is in dead letters).
     */
    Dispatch open(Arrival a, RuleSet rules) throws IOException {
        if (!Files.exists(a.file())) {
            return null;
        }
        String who = a.callingAET();
        ObjectHeader h;
        try {
            h = ObjectHeader.read(a.file());
        } catch (IOException | RuntimeException e) {
            if (e instanceof NoSuchFileException) {
                return null;
            }
            String reason = "cannot read the received object: " + e.getMessage();
            String name = "unreadable-" + UUID.randomUUID();
            store.deadLetterUnrouted(a.file(), name, reason);
            LOG.warnf("an object %s: %s (dead letter %s)", received(a), reason, name);
            audit.record(AuditEvent.of(AuditEvent.Type.DEAD_LETTER, AuditEvent.Outcome.FAILURE, who, null, null, null,
                    reason));
            return null;
        }
        String study = h.studyInstanceUID() == null ? null : studyPseudonym.apply(h.studyInstanceUID());
        String instance = h.sopInstanceUID() == null ? null : studyPseudonym.apply(h.sopInstanceUID());
        Dispatch d = new Dispatch(a, h, study, instance, rules);
        String tolerated = h.tolerated().isEmpty() ? "" : "; read with tolerance: " + String.join("; ", h.tolerated());
        if (!tolerated.isEmpty()) {
            LOG.warnf("%s %s: read with tolerance: %s", d.label(), received(a), String.join("; ", h.tolerated()));
        }
        LOG.infof("received %s %s", d.label(), received(a) + (who == null ? "" : " (" + who + ")"));
        audit.record(AuditEvent.of(AuditEvent.Type.RECEIVE, AuditEvent.Outcome.SUCCESS, who, study, null, null,
                received(a) + tolerated));
        return d;
    }

    /** How it came, for the audit: "via dimse from 10.0.0.5 to DMASK"; what is not known is left out. */
    public static String received(Arrival a) {
        StringBuilder sb = new StringBuilder("via ").append(a.via());
        if (a.remoteAddress() != null) {
            sb.append(" from ").append(a.remoteAddress());
        }
        if (a.calledAET() != null) {
            sb.append(" to ").append(a.calledAET());
        }
        return sb.toString();
    }

    /** A rule matched: its jobs join the object's. */
    void take(Dispatch d, Rule r) {
        audit.record(AuditEvent.of(AuditEvent.Type.RULE_MATCH, AuditEvent.Outcome.SUCCESS, d.arrival().callingAET(),
                d.study(), r.name(), null, "deid " + (r.profile() == null ? "none" : r.profile()) + ", mask "
                        + r.mask().configName() + ", targets " + r.targets()));
        d.take(r);
    }

    /** After the rules: the jobs durable and the object in the store, or the object in dead letters if none took it. */
    List<Job> finish(Dispatch d) throws IOException {
        Arrival a = d.arrival();
        if (d.jobs().isEmpty()) {
            String reason = "no rule of " + d.rules().source() + " matches this object";
            String name = "unrouted-" + UUID.randomUUID();
            store.deadLetterUnrouted(a.file(), name, reason, a, d.study(), d.instance());
            audit.record(AuditEvent.of(AuditEvent.Type.DEAD_LETTER, AuditEvent.Outcome.FAILURE, a.callingAET(),
                    d.study(), null, null, reason));
            LOG.warnf("%s: %s (dead letter %s)", d.label(), reason, name);
            return List.of();
        }
        store.accept(a.file(), d.objectId(), d.jobs());
        wakeUp.run();
        return List.copyOf(d.jobs());
    }
}
