package org.dmask.admin.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dmask.route.Gateway;
import org.dmask.route.GatewayService;

/** The running gateway for the admin services; {@link NotRunningException} before it started or after it stopped. */
@ApplicationScoped
public class RunningGateway {

    @Inject
    GatewayService service;

    public Gateway get() {
        Gateway g = service.gateway();
        if (g == null || !g.running()) {
            throw new NotRunningException();
        }
        return g;
    }
}
