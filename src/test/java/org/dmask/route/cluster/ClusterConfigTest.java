package org.dmask.route.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code dmask.cluster.*}: what is missing or wrong is one line naming the key, before anything starts. */
class ClusterConfigTest {

    private static ClusterConfig config(ClusterRole role, ClusterConfig.Jobs jobs, String servers, String store) {
        return new ClusterConfig() {
            @Override
            public ClusterRole role() {
                return role;
            }

            @Override
            public Jobs jobs() {
                return jobs;
            }

            @Override
            public Kafka kafka() {
                return new Kafka() {
                    @Override
                    public Optional<String> bootstrapServers() {
                        return Optional.ofNullable(servers);
                    }

                    @Override
                    public String topicPrefix() {
                        return "dmask.";
                    }
                };
            }

            @Override
            public Optional<String> objectStore() {
                return Optional.ofNullable(store);
            }

            @Override
            public Worker worker() {
                return () -> List.of(JobKind.VIDEO, JobKind.IMAGE);
            }
        };
    }

    private static String refused(ClusterConfig c) {
        return assertThrows(IllegalArgumentException.class, () -> ClusterNode.from(c)).getMessage();
    }

    @Test
    void theSingleNodeIsTheDefault() throws Exception {
        assertNull(ClusterNode.from(config(ClusterRole.BOTH, ClusterConfig.Jobs.EMBEDDED, null, null)));
    }

    @Test
    void eachMissingOrWrongKeyIsNamed() {
        assertEquals("dmask.cluster.role=worker needs dmask.cluster.jobs=kafka (an embedded job store serves one "
                + "node, which ingests and delivers)", refused(config(ClusterRole.WORKER,
                ClusterConfig.Jobs.EMBEDDED, null, null)));
        assertEquals("dmask.cluster.kafka.bootstrap-servers is required with dmask.cluster.jobs=kafka (host:port of "
                + "the Kafka brokers)", refused(config(ClusterRole.INGEST, ClusterConfig.Jobs.KAFKA, " ", "/x")));
        assertEquals("dmask.cluster.object-store is required with dmask.cluster.jobs=kafka (a folder every node "
                + "mounts)", refused(config(ClusterRole.INGEST, ClusterConfig.Jobs.KAFKA, "k:9092", null)));
        String s3 = refused(config(ClusterRole.INGEST, ClusterConfig.Jobs.KAFKA, "k:9092", "s3://bucket/p"));
        assertEquals("dmask.cluster.object-store: 's3://bucket/p' is not a folder; this version stores objects on a "
                + "mounted folder only (NFS, a shared volume)", s3);
    }
}
