package org.dmask.route.cluster;

/**
 * The topic a job goes to: videos (the mask's heavy work, for GPU workers) or images (tags-only and pixel work, for
 * CPU workers). {@code dmask.cluster.worker.kinds} says which a worker takes.
 */
public enum JobKind {
    VIDEO, IMAGE;

    /** The name in topics and configuration: "video", "image". */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
