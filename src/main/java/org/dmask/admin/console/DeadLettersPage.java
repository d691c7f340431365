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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dmask.admin.ops.DeadLetterOps;
import org.dmask.admin.ops.JobOps;
import org.dmask.admin.ops.TargetOps;
import org.dmask.admin.security.Roles;

/**
 * Dead letters and jobs, on the {@code admin.ops} services: list (by target), retry and delete a dead letter, retry
 * all of a target's, make a queued job due now or cancel it. Every action is audited by the service with the user.
 */
@Path("/console/dead-letters")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
@Produces(MediaType.TEXT_HTML)
public class DeadLettersPage {

    @Inject
    @Location("console/dead-letters.html")
    Template page;
    @Inject
    ConsoleRequest request;
    @Inject
    DeadLetterOps deadLetters;
    @Inject
    JobOps jobs;
    @Inject
    TargetOps targets;

    @GET
    public TemplateInstance show(@QueryParam("target") String target) {
        return fill(page.instance(), target, null).data("active", "dead-letters");
    }

    /** The tables alone (the target filter and after each action). */
    @GET
    @Path("tables")
    public TemplateInstance tables(@QueryParam("target") String target) {
        return fill(page.getFragment("tables").instance(), target, null);
    }

    @POST
    @Path("{name}/retry")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance retry(@PathParam("name") String name, @QueryParam("target") String target) {
        Outcome o = Outcome.of(() -> deadLetters.retry(user(), name, null),
                r -> "dead letter " + name + ": " + r.jobs() + " job(s) queued again for " + r.targets());
        return fill(page.getFragment("tables").instance(), target, o);
    }

    @POST
    @Path("{name}/delete")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance delete(@PathParam("name") String name, @QueryParam("target") String target) {
        Outcome o = Outcome.of(() -> deadLetters.delete(user(), name), v -> "dead letter " + name + " deleted");
        return fill(page.getFragment("tables").instance(), target, o);
    }

    @POST
    @Path("retry-all")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance retryAll(@QueryParam("target") String target) {
        Outcome o = target == null || target.isBlank() ? Outcome.failed("choose a target first")
                : Outcome.of(() -> deadLetters.retryAll(user(), target),
                        r -> r.jobs() + " job(s) queued again for " + target);
        return fill(page.getFragment("tables").instance(), target, o);
    }

    @POST
    @Path("jobs/{id}/retry")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance retryJob(@PathParam("id") String id, @QueryParam("target") String target) {
        Outcome o = Outcome.of(() -> jobs.retry(user(), id), v -> "job " + id + " is due now");
        return fill(page.getFragment("tables").instance(), target, o);
    }

    @POST
    @Path("jobs/{id}/delete")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public TemplateInstance cancelJob(@PathParam("id") String id, @QueryParam("target") String target) {
        Outcome o = Outcome.of(() -> jobs.delete(user(), id), v -> "job " + id + " cancelled");
        return fill(page.getFragment("tables").instance(), target, o);
    }

    private String user() {
        return request.user().name();
    }

    private TemplateInstance fill(TemplateInstance t, String target, Outcome outcome) {
        String filter = target == null || target.isBlank() ? null : target;
        List<DeadLetterOps.DeadLetterView> dl = List.of();
        List<JobOps.JobView> js = List.of();
        List<String> names = List.of();
        Outcome error = null;
        try {
            dl = deadLetters.list(filter, null);
            js = jobs.list(filter, null, null);
            names = targets.list().stream().map(TargetOps.TargetView::name).toList();
        } catch (Exception e) {
            error = Outcome.failed(e.getMessage());
        }
        return t.data("user", request.user()).data("deadLetters", dl).data("jobs", js).data("targets", names)
                .data("target", filter == null ? "" : filter).data("outcome", outcome != null ? outcome : error);
    }
}
