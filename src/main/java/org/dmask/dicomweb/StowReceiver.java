package org.dmask.dicomweb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where STOW-RS puts what it received: a spool folder, and the hand-over once an instance is durable there. */
public interface StowReceiver {

    /** The spool folder (same file system as the job store); null while the gateway is not running. */
    Path spoolDirectory();

    /** An instance is durable in the spool: route it. Throwing means it stays there and is routed at restart. */
    void received(Path spooled, String user, String remoteAddress) throws IOException;

    /**
     * Some parts of a request were refused (the HTTP status answered, each part's reason, without its UIDs): the
     * receiver logs and audits it. Nothing of them was kept.
     */
    default void refused(int httpStatus, List<String> reasons, String user, String remoteAddress) {
    }
}
