package org.dmask.route;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.dmask.audit.AuditEvent;
import org.dmask.audit.AuditSink;
import org.jboss.logging.Logger;

/**
 * Turns an object durable in the spool into jobs: reads its header, asks the running rules which apply, and writes
 * one job per (object, target) before moving the object into the job store. An object no rule takes, or that cannot
 * be read, goes to dead letters with the reason: nothing acknowledged is dropped.
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final JobStore store;
    private final Supplier<RuleSet> rules;
    private final UnaryOperator<String> studyPseudonym;
    private final AuditSink audit;
    private final Runnable wakeUp;

    /**
     * @param studyPseudonym the pseudonymous study ID for an original Study Instance UID (the keyed UID it becomes)
     * @param wakeUp         told when new jobs are queued
     */
    public Dispatcher(JobStore store, Supplier<RuleSet> rules, UnaryOperator<String> studyPseudonym, AuditSink audit,
            Runnable wakeUp) {
        this.store = store;
        this.rules = rules;
        this.studyPseudonym = studyPseudonym;
        this.audit = audit;
        this.wakeUp = wakeUp;
    }

    /** Routes one spooled object; returns the jobs created (none when it went to dead letters or was already routed). */
    public synchronized List<Job> dispatch(Arrival a) throws IOException {
        if (!Files.exists(a.file())) {
            return List.of(); // routed already (a recovery scan and the receiver raced for it)
        }
        String who = a.callingAET();
        ObjectHeader h;
        try {
            h = ObjectHeader.read(a.file());
        } catch (IOException | RuntimeException e) {
            if (e instanceof NoSuchFileException) {
                return List.of();
            }
            String reason = "cannot read the received object: " + e.getMessage();
            store.deadLetterUnrouted(a.file(), "unreadable-" + UUID.randomUUID(), reason);
            audit.record(AuditEvent.of(AuditEvent.Type.DEAD_LETTER, AuditEvent.Outcome.FAILURE, who, null, null, null,
                    reason));
            return List.of();
        }
        String study = h.studyInstanceUID() == null ? null : studyPseudonym.apply(h.studyInstanceUID());
        audit.record(AuditEvent.of(AuditEvent.Type.RECEIVE, AuditEvent.Outcome.SUCCESS, who, study, null, null,
                "via " + a.via() + " from " + a.remoteAddress() + " to " + a.calledAET()));
        RuleSet rs = rules.get();
        List<Rule> matched = rs.select(a, h);
        if (matched.isEmpty()) {
            String reason = "no rule of " + rs.source() + " matches this object";
            String name = "unrouted-" + UUID.randomUUID();
            store.deadLetterUnrouted(a.file(), name, reason);
            audit.record(AuditEvent.of(AuditEvent.Type.DEAD_LETTER, AuditEvent.Outcome.FAILURE, who, study, null, null,
                    reason));
            LOG.warnf("%s: %s (dead letter %s)", a.file().getFileName(), reason, name);
            return List.of();
        }
        String objectId = UUID.randomUUID() + ".dcm";
        long now = System.currentTimeMillis();
        List<Job> jobs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Rule r : matched) {
            audit.record(AuditEvent.of(AuditEvent.Type.RULE_MATCH, AuditEvent.Outcome.SUCCESS, who, study, r.name(),
                    null, "deid " + (r.profile() == null ? "none" : r.profile()) + ", mask " + r.mask().configName()
                            + ", targets " + r.targets()));
            for (String t : r.targets()) {
                if (seen.contains(t + "|" + r.profile() + "|" + r.mask())) {
                    continue; // fan-out: two rules asking for the same delivery make one job
                }
                seen.add(t + "|" + r.profile() + "|" + r.mask());
                TargetSpec spec = rs.targets().get(t);
                jobs.add(new Job(UUID.randomUUID().toString(), objectId, r.name(), t, spec.uri(), r.profile(),
                        r.mask(), Job.State.QUEUED, 0, now, now, null, who, h.sopClassUID(), h.transferSyntaxUID(),
                        study));
            }
        }
        store.accept(a.file(), objectId, jobs);
        wakeUp.run();
        return jobs;
    }

    /** Routes whatever a crash left in the spool folder, oldest first; returns how many objects. */
    public int recover(Path spoolDir, String via) throws IOException {
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spoolDir, "*.dcm")) {
            files.forEach(left::add);
        }
        left.sort(java.util.Comparator.comparing(p -> p.toFile().lastModified()));
        for (Path p : left) {
            dispatch(new Arrival(p, null, null, null, via + " (recovered after restart)"));
        }
        return left.size();
    }
}
