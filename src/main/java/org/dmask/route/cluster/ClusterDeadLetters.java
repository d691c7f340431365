package org.dmask.route.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dmask.route.delivery.DeadLetter;
import org.dmask.route.delivery.DeadLetterFolder;
import org.dmask.route.delivery.DeadLetters;
import org.dmask.route.delivery.Job;
import org.jboss.logging.Logger;

/**
 * The workers' dead letters in the shared store's dead-letter area, seen the same from every node that mounts it. A
 * retry is a new claim check: the object as received (decrypted) goes back into the store under a new key, a job
 * record with the failed jobs (attempts reset, a fresh maximum age) goes to its jobs topic, and only after Kafka
 * confirmed it do the jobs' reasons leave the dead letter (the dead letter goes when none are left). If Kafka does
 * not confirm, the new object is removed and the dead letter stays as it was.
 */
final class ClusterDeadLetters implements DeadLetters {

    private static final Logger LOG = Logger.getLogger(ClusterDeadLetters.class);

    private final DeadLetterFolder folder;
    private final ObjectStore objects;
    private final KafkaJobLog log;
    private final Path work;

    /**
     * @param work a local folder for the decrypted object on its way back into the store; what a crash left there is
     *             deleted (the dead letter still holds it)
     */
    ClusterDeadLetters(DeadLetterFolder folder, ObjectStore objects, KafkaJobLog log, Path work) throws IOException {
        this.folder = folder;
        this.objects = objects;
        this.log = log;
        this.work = work;
        if (Files.isDirectory(work)) {
            try (var left = Files.newDirectoryStream(work)) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public List<DeadLetter> list() throws IOException {
        return folder.list();
    }

    @Override
    public DeadLetter get(String name) throws IOException {
        return folder.get(name);
    }

    @Override
    public List<Job> retry(String name, String target) throws IOException {
        DeadLetter d = DeadLetters.retryable(folder.get(name), name, target);
        String key = UUID.randomUUID() + ".dcm";
        DeadLetterFolder.Requeue plan;
        try {
            plan = folder.plan(name, target, key, System.currentTimeMillis());
        } catch (NoSuchFileException e) {
            throw new java.util.NoSuchElementException("no dead letter " + name); // retried or deleted meanwhile
        }
        if (plan.jobs().isEmpty()) {
            throw new IllegalStateException("dead letter " + name + " does not say how its jobs were accepted: it "
                    + "cannot be queued again; send the object again instead");
        }
        Files.createDirectories(work);
        Path local = work.resolve(key);
        try {
            folder.copyOut(name, local);
            objects.put(key, local);
        } finally {
            Files.deleteIfExists(local);
        }
        JobRecord record = JobRecord.accepted(key, plan.jobs());
        try {
            log.publish(log.topics().jobs(record.kind()), key, record.toJson());
        } catch (IOException | RuntimeException e) {
            objects.delete(key); // no record names it: the dead letter stays as it was
            throw e;
        }
        folder.complete(plan);
        LOG.infof("dead letter %s: %d job(s) queued again on %s as object %s", name, plan.jobs().size(),
                log.topics().jobs(record.kind()), key);
        return plan.jobs();
    }

    @Override
    public List<Job> retryAll(String target) throws IOException {
        List<Job> all = new ArrayList<>();
        for (DeadLetter d : folder.list()) {
            if (d.targets().contains(target)) {
                try {
                    all.addAll(retry(d.name(), target));
                } catch (java.util.NoSuchElementException e) {
                    // retried or deleted by another node meanwhile
                }
            }
        }
        return all;
    }

    @Override
    public boolean delete(String name) throws IOException {
        return folder.delete(name);
    }

    @Override
    public List<String> purge(Instant cutoff) throws IOException {
        return folder.purge(cutoff);
    }

    @Override
    public void copyOut(String name, Path target) throws IOException {
        folder.copyOut(name, target);
    }
}
