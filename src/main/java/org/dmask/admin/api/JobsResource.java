package org.dmask.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dmask.admin.ops.JobOps;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The jobs of the store: list, show, retry now, cancel. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "queued and in-flight deliveries")
public class JobsResource {

    @Inject
    JobOps jobs;
    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Jobs, oldest first; filters: target, state (queued, in-flight, done), older-than (15m, "
            + "2h, PT1H)")
    public List<JobOps.JobView> list(@QueryParam("target") String target, @QueryParam("state") String state,
            @QueryParam("older-than") String olderThan) {
        return Api.call(() -> jobs.list(target, state, Api.duration("older-than", olderThan)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "One job, with the last attempt's error")
    public JobOps.JobView get(@PathParam("id") String id) {
        return Api.call(() -> jobs.get(id));
    }

    @POST
    @Path("{id}/retry")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Makes a queued job due now (409 when it is not queued)")
    public JobOps.JobView retry(@PathParam("id") String id) {
        return Api.call(() -> jobs.retry(user.name(), id));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Cancels a queued job: never delivered (409 when it is being sent)")
    public JobOps.JobView delete(@PathParam("id") String id) {
        return Api.call(() -> jobs.delete(user.name(), id));
    }
}
