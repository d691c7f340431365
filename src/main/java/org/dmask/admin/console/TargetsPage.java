package org.dmask.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dmask.admin.ops.TargetOps;
import org.dmask.admin.security.Roles;

/** The targets of the running rules, on {@link TargetOps}: health, backlog, last error; C-ECHO; pause and resume. */
@Path("/console/targets")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
@Produces(MediaType.TEXT_HTML)
public class TargetsPage {

    @Inject
    @Location("console/targets.html")
    Template page;
    @Inject
    ConsoleRequest request;
    @Inject
    TargetOps targets;

    @GET
    public TemplateInstance show() {
        return fill(page.instance(), null).data("active", "targets");
    }

    @GET
    @Path("table")
    public TemplateInstance table() {
        return fill(page.getFragment("table").instance(), null);
    }

    @POST
    @Path("{name}/echo")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance echo(@PathParam("name") String name) {
        Outcome o = Outcome.attempt(() -> {
            TargetOps.EchoResult r = targets.echo(request.user().name(), name);
            return r.success() ? Outcome.done("C-ECHO to " + name + ": success in " + r.millis() + " ms")
                    : Outcome.failed("C-ECHO to " + name + " failed: " + r.error());
        });
        return fill(page.getFragment("table").instance(), o);
    }

    @POST
    @Path("{name}/pause")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance pause(@PathParam("name") String name) {
        return fill(page.getFragment("table").instance(), Outcome.of(() -> targets.pause(request.user().name(), name),
                v -> name + " paused; " + v.backlog() + " job(s) stay queued"));
    }

    @POST
    @Path("{name}/resume")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance resume(@PathParam("name") String name) {
        return fill(page.getFragment("table").instance(), Outcome.of(() -> targets.resume(request.user().name(), name),
                v -> name + " resumed with " + v.backlog() + " job(s) queued"));
    }

    private TemplateInstance fill(TemplateInstance t, Outcome outcome) {
        List<TargetOps.TargetView> list = List.of();
        Outcome error = null;
        try {
            list = targets.list();
        } catch (Exception e) {
            error = Outcome.failed(e.getMessage());
        }
        return t.data("user", request.user()).data("targets", list).data("outcome", outcome != null ? outcome : error);
    }
}
