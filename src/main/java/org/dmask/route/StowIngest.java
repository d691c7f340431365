package org.dmask.route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dmask.dicomweb.StowReceiver;

/** STOW-RS into the gateway: instances land in the gateway's spool and are routed like C-STORE ones. */
@ApplicationScoped
public class StowIngest implements StowReceiver {

    @Inject
    GatewayService service;

    @Override
    public Path spoolDirectory() {
        Gateway g = service.gateway();
        // a cluster worker takes no objects in: STOW-RS answers 503 there
        return g == null || !g.running() || !g.ingests() ? null : g.spoolDirectory();
    }

    @Override
    public void refused(int httpStatus, List<String> reasons, String user, String remoteAddress) {
        Gateway g = service.gateway();
        if (g != null) {
            g.refused("stow-rs", user, remoteAddress, "answered " + httpStatus + ": " + String.join("; ", reasons));
        }
    }

    @Override
    public void received(Path spooled, String user, String remoteAddress) throws IOException {
        service.gateway().ingestSpooled(spooled, "stow-rs", user, remoteAddress);
    }
}
