package org.dmask.route.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.dmask.route.delivery.DeadLetterCipher;
import org.dmask.route.delivery.DeadLetterFolder;
import org.dmask.route.delivery.DeadLetters;
import org.dmask.route.delivery.Delivery;
import org.dmask.route.delivery.JobStore;
import org.dmask.route.delivery.Preparer;

/**
 * This node's place in a cluster whose jobs are in Kafka: its role, the job log, the shared object store and the
 * kinds of job it takes as a worker. The gateway asks it for the ingest side (the claim check) and the worker side.
 */
public final class ClusterNode implements AutoCloseable {

    private final ClusterRole role;
    private final KafkaJobLog log;
    private final ObjectStore objects;
    private final Set<JobKind> kinds;

    private ClusterNode(ClusterRole role, KafkaJobLog log, ObjectStore objects, Set<JobKind> kinds) {
        this.role = role;
        this.log = log;
        this.objects = objects;
        this.kinds = kinds;
    }

    /** A node of a cluster with Kafka at {@code bootstrapServers}; the topics are made when missing. */
    public static ClusterNode kafka(ClusterRole role, String bootstrapServers, String topicPrefix,
            ObjectStore objects, Set<JobKind> kinds) {
        if (kinds.isEmpty() && role.delivers()) {
            throw new IllegalArgumentException("dmask.cluster.worker.kinds: a worker must take video, image or both");
        }
        KafkaJobLog log = new KafkaJobLog(bootstrapServers, new Topics(topicPrefix));
        try {
            log.ensureTopics();
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return new ClusterNode(role, log, objects, kinds.isEmpty() ? Set.of() : EnumSet.copyOf(kinds));
    }

    /**
     * The node that {@code dmask.cluster.*} describes; null for the single node ({@code jobs=embedded}, role
     * {@code both}). Throws {@link IllegalArgumentException} with a one-line message naming the key that is wrong.
     */
    public static ClusterNode from(ClusterConfig c) throws IOException {
        if (c.jobs() == ClusterConfig.Jobs.EMBEDDED) {
            if (c.role() != ClusterRole.BOTH) {
                throw new IllegalArgumentException("dmask.cluster.role=" + c.role().name().toLowerCase(
                        java.util.Locale.ROOT) + " needs dmask.cluster.jobs=kafka (an embedded job store serves one "
                        + "node, which ingests and delivers)");
            }
            return null;
        }
        String servers = c.kafka().bootstrapServers().filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("dmask.cluster.kafka.bootstrap-servers is required with "
                        + "dmask.cluster.jobs=kafka (host:port of the Kafka brokers)"));
        String where = c.objectStore().filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("dmask.cluster.object-store is required with dmask.cluster.jobs=kafka "
                        + "(a folder every node mounts)"));
        if (where.contains("://")) {
            throw new IllegalArgumentException("dmask.cluster.object-store: '" + where + "' is not a folder; this "
                    + "version stores objects on a mounted folder only (NFS, a shared volume)");
        }
        return kafka(c.role(), servers, c.kafka().topicPrefix(), new FileObjectStore(Path.of(where)),
                Set.copyOf(c.worker().kinds()));
    }

    public ClusterRole role() {
        return role;
    }

    public ObjectStore objects() {
        return objects;
    }

    public Topics topics() {
        return log.topics();
    }

    /** The ingest side: what the rules' jobs become. */
    public ClusterIngest ingest() {
        return new ClusterIngest(objects, log);
    }

    /** The worker side, not started. */
    public ClusterWorker worker(JobStore staging, Delivery delivery, Preparer preparer, int threadsPerKind,
            Path fetched) {
        return new ClusterWorker(log, objects, staging, delivery, preparer, kinds, threadsPerKind, fetched);
    }

    /**
     * The dead letters kept in the shared store, as every node that mounts it sees them; a retry publishes a job
     * record. {@code cipher}: the dead-letter key (every node has the same); {@code work}: a local folder for the
     * object on its way back into the store.
     */
    public DeadLetters deadLetters(DeadLetterCipher cipher, Path work) throws IOException {
        if (!(objects instanceof FileObjectStore files)) {
            throw new IllegalStateException("dead letters are read from a folder store only, not " + objects
                    .describe());
        }
        return new ClusterDeadLetters(new DeadLetterFolder(files.deadLetterDirectory(), cipher), objects, log, work);
    }

    /** For logs: "ingest, Kafka at ..., objects in ...". */
    public String describe() {
        return role.name().toLowerCase(java.util.Locale.ROOT) + " node, jobs in Kafka (topics " + log.topics()
                .prefix() + "*), objects in " + objects.describe() + (role.delivers() ? ", takes " + kinds : "");
    }

    @Override
    public void close() {
        log.close();
    }
}
