package org.dmask.route.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.dmask.route.delivery.Delivery;
import org.dmask.route.delivery.Job;
import org.dmask.route.delivery.JobStore;
import org.dmask.route.delivery.Preparer;
import org.jboss.logging.Logger;

/**
 * The worker side: consumers of the workers' group take job records of the configured kinds; each record's object is
 * fetched from the shared store into the node's own job store, where the single node's {@link Delivery} prepares and
 * sends each job and decides its fate (done, retry with backoff, dead letter). That fate then goes back to Kafka:
 * <ul>
 * <li>jobs to retry: one record on the retry topic, not before the backoff's time; the retry mover puts it back on its
 * jobs topic when due, so no partition waits for a backoff;</li>
 * <li>dead letters: the object as received (encrypted when a dead-letter key is set) and the reasons into the store's
 * dead-letter area, and a record on the dead-letters topic;</li>
 * <li>when no job of the record is left to retry, the object leaves the store;</li>
 * <li>then, and only then, the record's offset is committed.</li>
 * </ul>
 * A crash anywhere before the commit has the record taken again (by this node or another): its targets may get an
 * object twice, the same bytes (de-identification is keyed and deterministic). A record whose object is gone was
 * finished by such an earlier copy and is skipped.
 */
public final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterWorker.class);
    /** The longest one record's work may take before Kafka gives its partition to another worker. */
    static final Duration VIDEO_WORK = Duration.ofMinutes(60);
    static final Duration IMAGE_WORK = Duration.ofMinutes(10);
    /** After a record could not be worked (store or brokers unreachable), the wait before it is tried again. */
    static final long PAUSE_AFTER_ERROR_MILLIS = 2000;

    private final KafkaJobLog log;
    private final ObjectStore objects;
    private final JobStore staging;
    private final Delivery delivery;
    private final Preparer preparer;
    private final Set<JobKind> kinds;
    private final int threadsPerKind;
    private final Path fetched;
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<String, byte[]>> consumers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;

    /**
     * @param staging        the node's own job store: a record's jobs live there while this node works them
     * @param threadsPerKind consumers (each one thread) per kind of job taken
     * @param fetched        a local folder on the staging store's file system for objects being fetched
     */
    public ClusterWorker(KafkaJobLog log, ObjectStore objects, JobStore staging, Delivery delivery, Preparer preparer,
            Set<JobKind> kinds, int threadsPerKind, Path fetched) {
        this.log = log;
        this.objects = objects;
        this.staging = staging;
        this.delivery = delivery;
        this.preparer = preparer;
        this.kinds = Set.copyOf(kinds);
        this.threadsPerKind = Math.max(1, threadsPerKind);
        this.fetched = fetched;
    }

    public synchronized ClusterWorker start() throws IOException {
        // What an earlier run of this node had staged is still in Kafka, uncommitted: it comes again from there.
        int dropped = 0;
        for (Job j : staging.jobs()) {
            if (!j.state().terminal()) {
                staging.cancel(j.id());
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.infof("%d job(s) staged by an earlier run dropped: Kafka hands their records out again", dropped);
        }
        Files.createDirectories(fetched);
        try (var left = Files.newDirectoryStream(fetched)) {
            for (Path p : left) {
                Files.deleteIfExists(p);
            }
        }
        running = true;
        for (JobKind k : kinds) {
            for (int i = 0; i < threadsPerKind; i++) {
                boolean video = k == JobKind.VIDEO;
                KafkaConsumer<String, byte[]> c = log.consumer("dmask-" + k.configName() + "-"
                        + ProcessHandle.current().pid() + "-" + (i + 1), video ? 1 : 20,
                        video ? VIDEO_WORK : IMAGE_WORK);
                consumers.add(c);
                thread("dmask-worker-" + k.configName() + "-" + (i + 1), () -> work(c, k));
            }
        }
        KafkaConsumer<String, byte[]> retries = log.consumer("dmask-retry-" + ProcessHandle.current().pid(), 50,
                IMAGE_WORK);
        consumers.add(retries);
        thread("dmask-retry-mover", () -> moveDueRetries(retries));
        LOG.infof("cluster worker: takes %s from Kafka (%d consumer(s) per kind), objects in %s", kinds,
                threadsPerKind, objects.describe());
        return this;
    }

    private void thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    private void work(KafkaConsumer<String, byte[]> consumer, JobKind kind) {
        try (consumer) {
            consumer.subscribe(List.of(log.topics().jobs(kind)));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> rec : records) {
                    if (!running) {
                        return; // not committed: taken again
                    }
                    TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                    try {
                        work(rec);
                    } catch (IOException | RuntimeException e) {
                        LOG.errorf("job record at %s@%d not worked, taken again in %d ms: %s", tp, rec.offset(),
                                PAUSE_AFTER_ERROR_MILLIS, e.toString());
                        consumer.seek(tp, rec.offset());
                        sleep(PAUSE_AFTER_ERROR_MILLIS);
                        break;
                    }
                    commit(consumer, tp, rec.offset());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "cluster worker for %s jobs stopped", kind.configName());
        }
    }

    private static void commit(KafkaConsumer<String, byte[]> consumer, TopicPartition tp, long offset) {
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset + 1)));
        } catch (RuntimeException e) {
            // The work is done; the record comes again to this or another worker, which finds it finished or sends
            // the same output once more.
            LOG.warnf("offset %d of %s not committed (%s): the record may be worked again", offset, tp,
                    e.getMessage());
        }
    }

    /** One record: its jobs through the delivery, their fate into Kafka and the store. Throws to have it again. */
    void work(ConsumerRecord<String, byte[]> rec) throws IOException {
        JobRecord r;
        try {
            r = JobRecord.fromJson(rec.value());
        } catch (IllegalArgumentException e) {
            LOG.errorf("record %s@%d of %s is not a job record (%s): skipped", rec.partition(), rec.offset(),
                    rec.topic(), e.getMessage());
            return;
        }
        work(r);
    }

    /** The outcome of one record's jobs on this node. */
    record Outcome(int done, List<Job> retry, List<Job> deadLettered) {
    }

    Outcome work(JobRecord r) throws IOException {
        String localId = UUID.randomUUID() + ".dcm";
        Path local = fetched.resolve(localId);
        try {
            objects.get(r.object(), local);
        } catch (NoSuchFileException e) {
            LOG.infof("object %s is no longer in the store: an earlier copy of its record finished it; %d job(s) "
                    + "skipped", r.object(), r.jobs().size());
            return new Outcome(0, List.of(), List.of());
        }
        List<Job> staged = r.jobs().stream().map(j -> withObject(j, localId)).toList();
        staging.accept(local, localId, staged);
        int done = 0;
        List<Job> retry = new ArrayList<>();
        List<Job> dead = new ArrayList<>();
        try {
            for (Job j : staged) {
                Job after = delivery.deliver(j);
                switch (after.state()) {
                    case DONE -> done++;
                    case DEAD_LETTER -> dead.add(withObject(after, r.object()));
                    default -> retry.add(withObject(after, r.object()));
                }
            }
            if (!dead.isEmpty()) {
                keepDeadLetter(r, localId, dead);
            }
            if (!retry.isEmpty()) {
                long due = retry.stream().mapToLong(Job::nextAttempt).max().orElse(System.currentTimeMillis());
                log.publish(log.topics().retry(), r.object(), r.retry(retry, due).toJson());
            } else {
                objects.delete(r.object()); // its last job ended
            }
        } finally {
            for (Job j : staged) {
                Job left = staging.job(j.id());
                if (left != null && left.state() == Job.State.QUEUED) {
                    staging.cancel(j.id()); // retried through Kafka, not here
                }
            }
            Files.deleteIfExists(local);
            if (!staging.holds(localId)) {
                preparer.release(localId);
            }
        }
        return new Outcome(done, retry, dead);
    }

    /** The node's dead letter of the object into the store's dead-letter area, then a record on the topic. */
    private void keepDeadLetter(JobRecord r, String localId, List<Job> dead) throws IOException {
        String name = localId.substring(0, localId.length() - ".dcm".length());
        Path file = staging.deadLetterObject(name);
        Path reasons = staging.deadLetterDirectory().resolve(name + ".reason.txt");
        String text = Files.readString(reasons, StandardCharsets.UTF_8);
        String kept = r.object().endsWith(".dcm") ? r.object().substring(0, r.object().length() - 4) : r.object();
        String suffix = file.getFileName().toString().substring(name.length());
        objects.keepDeadLetter(kept, suffix, file, text);
        log.publish(log.topics().deadLetters(), r.object(),
                new JobRecord(r.object(), r.kind(), r.attempt(), r.created(), r.notBefore(), dead).toJson());
        staging.deleteDeadLetter(name);
        LOG.warnf("object %s: %d job(s) in dead letters (%s in %s)", r.object(), dead.size(), kept + suffix,
                objects.describe());
    }

    private static Job withObject(Job j, String objectId) {
        return new Job(j.id(), objectId, j.rule(), j.target(), j.targetUri(), j.profile(), j.mask(),
                j.cleanPixelData(), j.allowUncleanedPixels(), j.state(), j.attempts(), j.created(), j.nextAttempt(),
                j.lastError(), j.callingAET(), j.sopClassUID(), j.transferSyntaxUID(), j.study(), j.instance());
    }

    /**
     * The retry mover: a record on the retry topic that is due goes back to its jobs topic; one that is not makes its
     * partition pause until it is (the others, and every jobs topic, go on).
     */
    private void moveDueRetries(KafkaConsumer<String, byte[]> consumer) {
        Map<TopicPartition, Long> pausedUntil = new ConcurrentHashMap<>();
        try (consumer) {
            consumer.subscribe(List.of(log.topics().retry()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(pausedUntil::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            while (running) {
                long now = System.currentTimeMillis();
                List<TopicPartition> due = pausedUntil.entrySet().stream().filter(e -> e.getValue() <= now)
                        .map(Map.Entry::getKey).toList();
                if (!due.isEmpty()) {
                    due.forEach(pausedUntil::remove);
                    consumer.resume(due);
                }
                var records = consumer.poll(Duration.ofMillis(200));
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> rec : records.records(tp)) {
                        JobRecord r;
                        try {
                            r = JobRecord.fromJson(rec.value());
                        } catch (IllegalArgumentException e) {
                            LOG.errorf("record %d of %s is not a job record (%s): skipped", rec.offset(), tp,
                                    e.getMessage());
                            commit(consumer, tp, rec.offset());
                            continue;
                        }
                        if (r.notBefore() > System.currentTimeMillis()) {
                            consumer.seek(tp, rec.offset());
                            consumer.pause(List.of(tp));
                            pausedUntil.put(tp, r.notBefore());
                            break;
                        }
                        try {
                            log.publish(log.topics().jobs(r.kind()), rec.key(), rec.value());
                        } catch (IOException e) {
                            LOG.errorf("retry of object %s not moved back to its jobs topic, tried again in %d ms: %s",
                                    r.object(), PAUSE_AFTER_ERROR_MILLIS, e.getMessage());
                            consumer.seek(tp, rec.offset());
                            consumer.pause(List.of(tp));
                            pausedUntil.put(tp, System.currentTimeMillis() + PAUSE_AFTER_ERROR_MILLIS);
                            break;
                        }
                        commit(consumer, tp, rec.offset());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the retry mover stopped");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        consumers.clear();
    }
}
