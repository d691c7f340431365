package org.dmask.admin.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code dmask.admin.api.*}: the admin views' bounds. */
@ConfigMapping(prefix = "dmask.admin.api")
public interface AdminApiConfig {

    /** How many recent objects the in-memory view keeps (the oldest go first; nothing of it is on disk). */
    @WithDefault("500")
    int recentObjects();

    /** The most audit events one search returns (the newest ones that match). */
    @WithDefault("1000")
    int auditSearchLimit();
}
