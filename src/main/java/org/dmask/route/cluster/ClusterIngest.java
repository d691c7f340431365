package org.dmask.route.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmask.route.spool.DurableFiles;
import org.dmask.route.delivery.Job;
import org.jboss.logging.Logger;

/**
 * The ingest side of the claim check: the rules' jobs of an object durable in the spool become an object in the
 * shared store (complete, fsynced, renamed) and then one record on its kind's jobs topic, confirmed by every in-sync
 * replica. Only then does the spool copy go, and only then is the sender told "success". A failure on the way throws:
 * the sender is told it failed, and the spool copy is routed again at the next start.
 */
public final class ClusterIngest {

    private static final Logger LOG = Logger.getLogger(ClusterIngest.class);

    private final ObjectStore objects;
    private final KafkaJobLog log;

    public ClusterIngest(ObjectStore objects, KafkaJobLog log) {
        this.objects = objects;
        this.log = log;
    }

    /** Takes an object with its jobs (what the single node's job store would accept) into the cluster. */
    public void accept(Path spooled, String objectId, List<Job> jobs) throws IOException {
        JobRecord r = JobRecord.accepted(objectId, jobs);
        objects.put(objectId, spooled);
        try {
            log.publish(log.topics().jobs(r.kind()), objectId, r.toJson());
        } catch (IOException e) {
            try {
                objects.delete(objectId); // no job will ever ask for it
            } catch (IOException ex) {
                e.addSuppressed(ex);
            }
            throw e;
        }
        Files.delete(spooled);
        DurableFiles.fsyncDirectory(spooled.toAbsolutePath().getParent());
        LOG.debugf("object %s: %d job(s) on %s", objectId, jobs.size(), log.topics().jobs(r.kind()));
    }
}
