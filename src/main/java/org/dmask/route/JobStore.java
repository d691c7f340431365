package org.dmask.route;

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
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The durable job store. Its folder holds:
 * <ul>
 * <li>{@code objects/}: accepted objects, moved here from the spool once their jobs exist;</li>
 * <li>{@code jobs/}: one small properties file per (object, target) job, replaced atomically on every change of
 * state (queued, in-flight, done, dead-letter);</li>
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
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> jobsByObject = new HashMap<>();

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
     * move, a crash leaves the object in the spool and the jobs are dropped on restart.
     */
    public synchronized void accept(Path spooled, String objectId, List<Job> newJobs) throws IOException {
        for (Job j : newJobs) {
            persist(j);
        }
        DurableFiles.move(spooled, objects.resolve(objectId));
        for (Job j : newJobs) {
            jobs.put(j.id(), j);
            jobsByObject.computeIfAbsent(objectId, k -> new LinkedHashSet<>()).add(j.id());
        }
    }

    /** An object no rule takes (or that cannot be read): straight to dead letters with the reason, out of the spool. */
    public synchronized void deadLetterUnrouted(Path spooled, String name, String reason) throws IOException {
        keep(spooled, name);
        writeReason(name, reason, Map.of());
        Files.delete(spooled);
        DurableFiles.fsyncDirectory(spooled.toAbsolutePath().getParent());
    }

    /** Up to {@code max} queued jobs due at {@code now}, oldest first, marked in-flight. */
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
            persist(f);
            jobs.put(f.id(), f);
            claimed.add(f);
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

    public synchronized void done(Job j) throws IOException {
        Job d = j.with(Job.State.DONE);
        persist(d);
        jobs.put(d.id(), d);
        deleteOutputs(j);
        cleanUpIfFinished(j.objectId());
    }

    public synchronized Job retry(Job j, String error, long nextAttempt) throws IOException {
        Job r = j.failed(error, nextAttempt);
        persist(r);
        jobs.put(r.id(), r);
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
        writeReason(name, reason, facts);
        Job d = j.deadLetter(reason);
        persist(d);
        jobs.put(d.id(), d);
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
    public synchronized List<String> purgeDeadLetters(Instant cutoff) throws IOException {
        List<String> purged = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(deadLetters, "*.reason.txt")) {
            for (Path reason : files) {
                if (Files.getLastModifiedTime(reason).toInstant().isBefore(cutoff)) {
                    String name = reason.getFileName().toString();
                    name = name.substring(0, name.length() - ".reason.txt".length());
                    Files.deleteIfExists(deadLetters.resolve(name + ".dcm"));
                    Files.deleteIfExists(deadLetters.resolve(name + ".dcm" + DeadLetterCipher.SUFFIX));
                    Files.delete(reason);
                    purged.add(name);
                }
            }
        }
        if (!purged.isEmpty()) {
            DurableFiles.fsyncDirectory(deadLetters);
        }
        return purged;
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
        Set<String> ids = jobsByObject.get(objectId);
        if (ids == null || !ids.stream().allMatch(id -> jobs.get(id).state().terminal())) {
            return;
        }
        try {
            Files.delete(objects.resolve(objectId));
            DurableFiles.fsyncDirectory(objects);
        } catch (NoSuchFileException e) {
            // already gone
        }
        for (String id : ids) {
            Files.deleteIfExists(jobsDir.resolve(id + JOB_SUFFIX));
            jobs.remove(id);
        }
        jobsByObject.remove(objectId);
        deleteOutputs(baseName(objectId) + ".*");
    }

    private void persist(Job j) throws IOException {
        DurableFiles.write(jobsDir.resolve(j.id() + JOB_SUFFIX), o -> j.toProperties().store(o, null));
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

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
