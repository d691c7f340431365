package org.dmask.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code dmask.audit.*}: the JSON lines file and the optional syslog (RFC 5424) receiver of DICOM audit messages. */
@ConfigMapping(prefix = "dmask.audit")
public interface AuditConfig {

    @WithDefault("data/audit/audit.jsonl")
    Path file();

    Syslog syslog();

    interface Syslog {
        /** Host of the audit record repository; absent: no syslog. */
        Optional<String> host();

        @WithDefault("514")
        int port();

        /** udp or tcp (RFC 5426 / RFC 6587 octet counting). */
        @WithDefault("udp")
        String protocol();
    }
}
