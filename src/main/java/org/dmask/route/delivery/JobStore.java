package org.dmask.route.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dmask.dimse.DirectorySync;
import org.dmask.route.spool.Arrival;
import org.dmask.route.spool.DurableFiles;
import org.jboss.logging.Logger;

/**
 * The durable job store. Its folder holds:
 * <ul>
 * <li>{@code objects/}: accepted objects, moved here from the spool once their jobs exist;</li>
 * <li>{@code jobs/}: one small properties file per (object, target) job, replaced atomically when its state
 * changes to what a restart must know (queued with its attempts, done while other jobs of its object remain,
 * dead-letter); in-flight is kept in memory only, as a restart queues it again anyway;</li>
 * <li>{@code out/}: prepared outputs: {@code <object>.<profile>.<mask>.dcm}, de-identified (and masked) once per object
 * and shared by its targets, kept until the object is finished;</li>
 * <li>{@code dead-letters/}: {@code <object>.dcm}, the object as received, once however many of its jobs failed, with
 * {@code <object>.reason.txt} beside it: a section per failed job (reason, rule, target ...). The folder is 0700 and its
 * files 0600: they hold identified originals, encrypted ({@code <object>.dcm.enc}, {@link DeadLetterCipher}) when a key
 * is configured. They are deleted after the retention ({@link #purgeDeadLetters}).</li>
 * </ul>
 * An object is deleted only when every job of it is done or dead-lettered. After a crash, {@link #open()} turns
 * in-flight jobs back to queued (at-least-once), and drops jobs whose object never made it out of the spool (the
 * spool copy is routed again).
 */
public final class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class);
    static final String JOB_SUFFIX = ".job";

    private final Path objects;
    private final Path jobsDir;
    private final Path out;
    private final Path deadLetters;
    private final DeadLetterCipher cipher;
    private final DeadLetterFolder folder;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> jobsByObject = new HashMap<>();
    /** Group commit: threads writing into one folder at once share its fsync. */
    private final DirectorySync jobsSync;
    private final DirectorySync objectsSync;
    private volatile JobListener listener = new JobListener() {
        @Override
        public void changed(Job job, boolean removed) {
        }
    };

    public JobStore(Path dir) throws IOException {
        this(dir, null);
    }

    /** @param cipher encrypts the objects in dead letters ({@code <object>.dcm.enc}); null keeps them plain */
    public JobStore(Path dir, DeadLetterCipher cipher) throws IOException {
        this.cipher = cipher;
        Path d = dir.toAbsolutePath();
        this.objects = DurableFiles.folder(d.resolve("objects"), DurableFiles.OWNER_ONLY_FOLDER);
        this.jobsDir = Files.createDirectories(d.resolve("jobs"));
        this.out = DurableFiles.folder(d.resolve("out"), DurableFiles.OWNER_ONLY_FOLDER);
        this.deadLetters = DurableFiles.folder(d.resolve("dead-letters"), DurableFiles.OWNER_ONLY_FOLDER);
        this.folder = new DeadLetterFolder(deadLetters, cipher);
        this.jobsSync = new DirectorySync(jobsDir);
        this.objectsSync = new DirectorySync(objects);
    }

    /** Told of every change of a job from now on (one listener; the gateway fans out). */
    public void listener(JobListener l) {
        this.listener = l;
    }

    private void told(Job j) {
        try {
            listener.changed(j, false);
        } catch (RuntimeException e) {
            LOG.warnf("job listener failed on %s: %s", j.id(), e.getMessage());
        }
    }

    public Path deadLetterDirectory() {
        return deadLetters;
    }

    /**
     * Loads the jobs left by an earlier run and repairs what a crash left half done; returns how many jobs are still to
     * be delivered (not those done or dead-lettered whose object waited for another job).
     */
    public synchronized int open() throws IOException {
        DurableFiles.removeTemporaries(jobsDir);
        DurableFiles.removeTemporaries(objects);
        DurableFiles.removeTemporaries(deadLetters);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(out)) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
        int loaded = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jobsDir, "*" + JOB_SUFFIX)) {
            for (Path f : files) {
                Job j;
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    Properties p = new Properties();
                    p.load(r);
                    j = Job.fromProperties(p);
                } catch (RuntimeException e) {
                    LOG.errorf("unreadable job file %s (%s): left in place", f, e.getMessage());
                    continue;
                }
                if (!Files.exists(objects.resolve(j.objectId()))) {
                    // Done and cleaned up, or written just before a crash while the object was still in the spool.
                    Files.deleteIfExists(f);
                    continue;
                }
                if (j.state() == Job.State.IN_FLIGHT) {
                    j = j.with(Job.State.QUEUED);
                    persist(j);
                }
                jobs.put(j.id(), j);
                jobsByObject.computeIfAbsent(j.objectId(), k -> new LinkedHashSet<>()).add(j.id());
                loaded++;
            }
        }
        for (String objectId : List.copyOf(jobsByObject.keySet())) {
            cleanUpIfFinished(objectId);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(objects)) {
            for (Path f : files) {
                if (!jobsByObject.containsKey(f.getFileName().toString())) {
                    LOG.warnf("object %s has no jobs (all were finished before a crash): deleting", f.getFileName());
                    Files.deleteIfExists(f);
                }
            }
        }
        LOG.debugf("%d job file(s) loaded, %d to deliver", loaded, pending());
        return pending();
    }

    /**
     * Accepts an object from the spool: writes its jobs durably, then moves the object into the store. Until the
     * move, a crash leaves the object in the spool and the jobs are dropped on restart. The writes run outside the
     * store's lock, so that objects accepted at once (several associations) and deliveries share the folders' fsyncs.
     */
    public void accept(Path spooled, String objectId, List<Job> newJobs) throws IOException {
        persistAll(newJobs);
        // Only once the jobs are durable: an object durable in objects/ without them would be deleted at restart.
        DurableFiles.move(spooled, objects.resolve(objectId), objectsSync);
        synchronized (this) {
            for (Job j : newJobs) {
                jobs.put(j.id(), j);
                jobsByObject.computeIfAbsent(objectId, k -> new LinkedHashSet<>()).add(j.id());
                told(j);
            }
        }
    }

    /** An object no rule takes (or that cannot be read): straight to dead letters with the reason, out of the spool. */
    public synchronized void deadLetterUnrouted(Path spooled, String name, String reason) throws IOException {
        keep(spooled, name);
        writeReason(name, reason, Map.of());
        Files.delete(spooled);
        DurableFiles.fsyncDirectory(spooled.toAbsolutePath().getParent());
        try {
            listener.unrouted(name, null, null, reason);
        } catch (RuntimeException e) {
            LOG.warnf("job listener failed on dead letter %s: %s", name, e.getMessage());
        }
    }

    /**
     * As {@link #deadLetterUnrouted(Path, String, String)}, with how it came (kept in the reasons, so that an
     * operator's retry routes it again as it arrived) and the object's pseudonyms.
     */
    public synchronized void deadLetterUnrouted(Path spooled, String name, String reason, Arrival a, String study,
            String instance) throws IOException {
        keep(spooled, name);
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        facts.put("via", String.valueOf(a.via()));
        facts.put("calling-aet", String.valueOf(a.callingAET()));
        facts.put("called-aet", String.valueOf(a.calledAET()));
        facts.put("source-address", String.valueOf(a.remoteAddress()));
        facts.put("study", String.valueOf(study));
        facts.put("instance", String.valueOf(instance));
        writeReason(name, reason, facts);
        Files.delete(spooled);
        DurableFiles.fsyncDirectory(spooled.toAbsolutePath().getParent());
        try {
            listener.unrouted(name, study, instance, reason);
        } catch (RuntimeException e) {
            LOG.warnf("job listener failed on dead letter %s: %s", name, e.getMessage());
        }
    }

    /**
     * Up to {@code max} queued jobs due at {@code now}, oldest first, marked in-flight. In memory only: after a crash
     * an in-flight job is queued again ({@link #open()}), which is what its queued job file says already.
     */
    public synchronized List<Job> claimDue(long now, int max, Set<String> busyTargets) throws IOException {
        List<Job> due = new ArrayList<>();
        for (Job j : jobs.values()) {
            if (j.state() == Job.State.QUEUED && j.nextAttempt() <= now && !busyTargets.contains(j.target())) {
                due.add(j);
            }
        }
        due.sort(Comparator.comparingLong(Job::nextAttempt).thenComparing(Job::id));
        List<Job> claimed = new ArrayList<>();
        for (Job j : due.subList(0, Math.min(max, due.size()))) {
            Job f = j.with(Job.State.IN_FLIGHT);
            jobs.put(f.id(), f);
            claimed.add(f);
            told(f);
        }
        return claimed;
    }

    public Path objectPath(Job j) {
        return objects.resolve(j.objectId());
    }

    /** Where a job's own output is written (a copy made for its target only, such as a transcoded one). */
    public Path outputPath(Job j, String step) {
        return out.resolve(j.id() + "." + step + ".dcm");
    }

    /** Where an object's output prepared with one (profile, mask) variant is kept for all of its jobs. */
    public Path preparedPath(String objectId, String variant) {
        return out.resolve(baseName(objectId) + "." + variant + ".dcm");
    }

    /** Whether the object is still held (some job of it not finished). */
    public synchronized boolean holds(String objectId) {
        return jobsByObject.containsKey(objectId);
    }

    private static String baseName(String objectId) {
        return objectId.endsWith(".dcm") ? objectId.substring(0, objectId.length() - 4) : objectId;
    }

    /**
     * The job is delivered. When it was its object's last, the object is deleted (and its job files after it) instead
     * of writing "done": a crash before that deletion is durable delivers it again (at least once, as after any
     * crash during a delivery). The folder's fsync runs outside the store's lock, shared with other deliveries.
     */
    public void done(Job j) throws IOException {
        boolean objectDeleted;
        synchronized (this) {
            Job d = j.with(Job.State.DONE);
            Set<String> ids = jobsByObject.get(j.objectId());
            boolean last = ids == null || ids.stream().allMatch(id -> id.equals(j.id()) || jobs.get(id).state().terminal());
            if (!last) {
                persist(d);
            }
            jobs.put(d.id(), d);
            told(d);
            deleteOutputs(j);
            objectDeleted = deleteIfFinished(j.objectId());
        }
        if (objectDeleted) {
            objectsSync.await();
        }
    }

    public synchronized Job retry(Job j, String error, long nextAttempt) throws IOException {
        Job r = j.failed(error, nextAttempt);
        persist(r);
        jobs.put(r.id(), r);
        told(r);
        deleteOutputs(j);
        return r;
    }

    /**
     * Copies the object into dead letters (once: a second failed job of it adds its reason only) with the reason
     * beside it, then marks the job.
     */
    public synchronized Job deadLetter(Job j, String reason) throws IOException {
        String name = baseName(j.objectId());
        if (!Files.exists(deadLetterObject(name))) {
            keep(objectPath(j), name);
        }
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        facts.put("job", j.id());
        facts.put("rule", j.rule());
        facts.put("target", j.target());
        facts.put("sop-class", String.valueOf(j.sopClassUID()));
        facts.put("study", String.valueOf(j.study()));
        facts.put("attempts", Integer.toString(j.attempts()));
        facts.put("accepted", Instant.ofEpochMilli(j.created()).toString());
        // What it takes to queue the job again as it was (an operator's retry): the rule's choices at acceptance.
        facts.put("target-uri", j.targetUri());
        facts.put("profile", j.profile() == null ? "none" : j.profile());
        facts.put("mask", j.mask().configName());
        facts.put("clean-pixel-data", j.cleanPixelData() == null ? "profile" : j.cleanPixelData().toString());
        facts.put("allow-uncleaned-pixels", Boolean.toString(j.allowUncleanedPixels()));
        facts.put("instance", String.valueOf(j.instance()));
        facts.put("calling-aet", String.valueOf(j.callingAET()));
        facts.put("transfer-syntax", String.valueOf(j.transferSyntaxUID()));
        writeReason(name, reason, facts);
        Job d = j.deadLetter(reason);
        persist(d);
        jobs.put(d.id(), d);
        told(d);
        deleteOutputs(j);
        cleanUpIfFinished(j.objectId());
        return d;
    }

    /** Where a dead letter's object is: {@code <name>.dcm}, or {@code <name>.dcm.enc} when encrypted. */
    public Path deadLetterObject(String name) {
        return deadLetters.resolve(name + ".dcm" + (cipher == null ? "" : DeadLetterCipher.SUFFIX));
    }

    /** The object into dead letters, owner-only, encrypted when a key is configured. */
    private void keep(Path object, String name) throws IOException {
        if (cipher == null) {
            DurableFiles.copy(object, deadLetterObject(name), DurableFiles.OWNER_ONLY);
            return;
        }
        DurableFiles.write(deadLetterObject(name), out -> {
            try (InputStream in = Files.newInputStream(object)) {
                cipher.encrypt(in, out);
            }
        }, DurableFiles.OWNER_ONLY);
    }

    /** Adds a section to the object's reason file (sections apart by an empty line), written anew durably. */
    private void writeReason(String name, String reason, Map<String, String> facts) throws IOException {
        Path file = deadLetters.resolve(name + ".reason.txt");
        StringBuilder sb = new StringBuilder();
        if (Files.exists(file)) {
            sb.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
        }
        sb.append("reason: ").append(reason.replace('\n', ' ')).append('\n');
        facts.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        sb.append("dead-lettered: ").append(Instant.now()).append('\n');
        DurableFiles.write(file, o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)),
                DurableFiles.OWNER_ONLY);
    }

    /**
     * Deletes the dead letters whose last reason was written before {@code cutoff} (the object and its reasons);
     * returns their names.
     */
    public List<String> purgeDeadLetters(Instant cutoff) throws IOException {
        return folder.purge(cutoff);
    }

    private void deleteOutputs(Job j) throws IOException {
        deleteOutputs(j.id() + ".*");
    }

    private void deleteOutputs(String glob) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(out, glob)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void cleanUpIfFinished(String objectId) throws IOException {
        if (deleteIfFinished(objectId)) {
            objectsSync.await();
        }
    }

    /**
     * Deletes a finished object, then its job files and outputs; true when the object was deleted now: the caller
     * then fsyncs the objects folder (outside the lock, if it likes). The job files may be gone first: at restart a
     * job file whose object is gone is dropped, and an object without job files is deleted.
     */
    private boolean deleteIfFinished(String objectId) throws IOException {
        Set<String> ids = jobsByObject.get(objectId);
        if (ids == null || !ids.stream().allMatch(id -> jobs.get(id).state().terminal())) {
            return false;
        }
        boolean deleted = false;
        try {
            Files.delete(objects.resolve(objectId));
            deleted = true;
        } catch (NoSuchFileException e) {
            // already gone
        }
        for (String id : ids) {
            Files.deleteIfExists(jobsDir.resolve(id + JOB_SUFFIX));
            jobs.remove(id);
        }
        jobsByObject.remove(objectId);
        deleteOutputs(baseName(objectId) + ".*");
        return deleted;
    }

    private void persist(Job j) throws IOException {
        persistAll(List.of(j));
    }

    /** The jobs' files, written durably together: one fsync of the jobs folder, shared with other writers. */
    private void persistAll(List<Job> js) throws IOException {
        Map<Path, DurableFiles.Writer> files = new java.util.LinkedHashMap<>();
        for (Job j : js) {
            files.put(jobsDir.resolve(j.id() + JOB_SUFFIX), o -> j.toProperties().store(o, null));
        }
        DurableFiles.writeAll(files, jobsSync);
    }

    /** Jobs not yet done or dead-lettered, per target: the queue depth. */
    public Map<String, Integer> pendingByTarget() {
        Map<String, Integer> n = new HashMap<>();
        for (Job j : jobs.values()) {
            if (!j.state().terminal()) {
                n.merge(j.target(), 1, Integer::sum);
            }
        }
        return n;
    }

    public int pending() {
        return (int) jobs.values().stream().filter(j -> !j.state().terminal()).count();
    }

    /** A snapshot of the jobs held (for tests and the admin view). */
    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    /** Every dead letter, newest failure first. */
    public List<DeadLetter> deadLetters() throws IOException {
        return folder.list();
    }

    /** One dead letter, null when there is none of that name. */
    public DeadLetter deadLetter(String name) throws IOException {
        return folder.get(name);
    }

    /**
     * Puts a dead letter's failed jobs for {@code target} (null: for every target) back in the queue, due now, as they
     * were accepted (rule, profile, mask, target URI), with a fresh maximum age: the object as received is decrypted
     * back into the store. Their sections leave the reason file; the dead letter is deleted when none is left.
     * Returns the new jobs; empty when no section of it can be queued again (an object no rule took, or reasons
     * written by an earlier version: route those again instead).
     */
    public synchronized List<Job> requeue(String name, String target, long now) throws IOException {
        String objectId = UUID.randomUUID() + ".dcm";
        DeadLetterFolder.Requeue plan = folder.plan(name, target, objectId, now);
        if (plan.jobs().isEmpty()) {
            return List.of();
        }
        folder.copyOut(name, objects.resolve(objectId));
        List<Job> made = plan.jobs();
        for (Job j : made) {
            persist(j);
        }
        for (Job j : made) {
            jobs.put(j.id(), j);
            jobsByObject.computeIfAbsent(objectId, k -> new LinkedHashSet<>()).add(j.id());
            told(j);
        }
        folder.complete(plan);
        return made;
    }

    /** Writes a dead letter's object as received (decrypted when it is encrypted) to {@code target}, durably. */
    public void copyOut(String name, Path target) throws IOException {
        folder.copyOut(name, target);
    }

    /** Deletes a dead letter (its object and its reasons); false when there is none of that name. */
    public boolean deleteDeadLetter(String name) throws IOException {
        return folder.delete(name);
    }

    /** A job, null when the store does not hold it (finished, or never was). */
    public Job job(String id) {
        return jobs.get(id);
    }

    /** Makes a queued job due now (an operator's retry, instead of waiting for the backoff). */
    public synchronized Job dueNow(String id, long now) throws IOException {
        Job j = queued(id);
        Job r = new Job(j.id(), j.objectId(), j.rule(), j.target(), j.targetUri(), j.profile(), j.mask(),
                j.cleanPixelData(), j.allowUncleanedPixels(), Job.State.QUEUED, j.attempts(), j.created(), now, j.lastError(), j.callingAET(), j.sopClassUID(),
                j.transferSyntaxUID(), j.study(), j.instance());
        persist(r);
        jobs.put(r.id(), r);
        told(r);
        return r;
    }

    /**
     * Cancels a queued job: it is not delivered, and the object goes when no other job of it is left. A job being
     * sent cannot be cancelled (it finishes first).
     */
    public synchronized Job cancel(String id) throws IOException {
        Job j = queued(id);
        Files.deleteIfExists(jobsDir.resolve(j.id() + JOB_SUFFIX));
        jobs.remove(j.id());
        Set<String> ids = jobsByObject.get(j.objectId());
        if (ids != null) {
            ids.remove(j.id());
        }
        try {
            listener.changed(j, true);
        } catch (RuntimeException e) {
            LOG.warnf("job listener failed on %s: %s", j.id(), e.getMessage());
        }
        cleanUpIfFinished(j.objectId());
        return j;
    }

    private Job queued(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw new java.util.NoSuchElementException("no job " + id + " (delivered, dead-lettered or never made)");
        }
        if (j.state() != Job.State.QUEUED) {
            throw new IllegalStateException("job " + id + " is " + j.state().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not queued");
        }
        return j;
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
