package org.dmask.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneId;
import java.util.List;
import org.dmask.admin.ops.RecentObjects;
import org.dmask.admin.security.Roles;
import org.dmask.route.Gateway;
import org.dmask.route.GatewayService;

/**
 * The console's start page: throughput, queues per target, failures, mask speed, charts over the history, and the
 * objects that arrived last (by pseudonymous UIDs, from {@link RecentObjects}).
 */
@Path("/console")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
public class DashboardResource {

    @Inject
    @Location("console/dashboard.html")
    Template dashboard;
    @Inject
    MetricsHistory history;
    @Inject
    ConsoleRequest request;
    @Inject
    ConsoleConfig config;
    @Inject
    GatewayService gateways;
    @Inject
    RecentObjects recent;

    /** How many recent objects the dashboard lists. */
    static final int RECENT = 10;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return dashboard.data("user", request.user()).data("active", "dashboard").data("view", view())
                .data("recent", recent.list(null, RECENT)).data("refreshSeconds", refreshSeconds());
    }

    /** The live part alone, polled by the page. */
    @GET
    @Path("dashboard/live")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance live() {
        return dashboard.getFragment("live").data("view", view()).data("recent", recent.list(null, RECENT))
                .data("refreshSeconds", refreshSeconds());
    }

    private DashboardView view() {
        Gateway g = gateways.gateway();
        List<String> targets = g == null ? List.of() : List.copyOf(g.rules().get().targets().keySet());
        return new DashboardView(history.samples(), history.now(),
                targets, ZoneId.systemDefault());
    }

    private long refreshSeconds() {
        return Math.max(1, config.sampleInterval().toSeconds());
    }
}
