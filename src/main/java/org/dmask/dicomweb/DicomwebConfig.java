package org.dmask.dicomweb;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code dmask.dicomweb.*}: the STOW-RS endpoint. There is no spool folder of its own: instances land in the
 * gateway's spool ({@code dmask.dimse.scp.spool-directory}), from which the job store takes them by atomic rename
 * and which is scanned for left-overs at start-up.
 */
@ConfigMapping(prefix = "dmask.dicomweb")
public interface DicomwebConfig {

    /** Serve STOW-RS at {@code /dicomweb/studies}; false answers 404 with the reason. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The largest part (one instance) accepted. A larger part fails with Failure Reason 0xA700 (out of resources) and
     * is read to its end without being kept; the other parts of the request go on.
     */
    @WithDefault("64G")
    MemorySize maxPartSize();
}
