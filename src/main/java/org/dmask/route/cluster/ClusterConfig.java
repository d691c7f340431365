package org.dmask.route.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** {@code dmask.cluster.*}: the node's role, where jobs live (embedded or Kafka), and the shared object store. */
@ConfigMapping(prefix = "dmask.cluster")
public interface ClusterConfig {

    /** {@code both} (the single node), {@code ingest} or {@code worker}. */
    @WithDefault("both")
    ClusterRole role();

    /** {@code embedded} (the job store on local disk) or {@code kafka}. */
    @WithDefault("embedded")
    Jobs jobs();

    Kafka kafka();

    /**
     * Where objects wait for their jobs when the jobs are in Kafka: a folder every node mounts (NFS, a shared volume).
     * Required with {@code jobs=kafka}.
     */
    Optional<String> objectStore();

    Worker worker();

    enum Jobs {
        EMBEDDED, KAFKA
    }

    interface Kafka {
        /** host:port[,host:port...] of the Kafka brokers; required with {@code jobs=kafka}. */
        Optional<String> bootstrapServers();

        /**
         * Prefix of the topic names: {@code <prefix>jobs.video}, {@code jobs.image}, {@code retry},
         * {@code dead-letters}, and of the workers' consumer group ({@code <prefix>workers}).
         */
        @WithDefault("dmask.")
        String topicPrefix();
    }

    interface Worker {
        /** Which job topics a worker takes: {@code video}, {@code image} or both. */
        @WithDefault("video,image")
        List<JobKind> kinds();
    }
}
