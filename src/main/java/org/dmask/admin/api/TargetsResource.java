package org.dmask.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dmask.admin.ops.DeadLetterOps;
import org.dmask.admin.ops.TargetOps;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The targets: health, backlog, last error; C-ECHO; pause and resume; retry of their dead letters. */
@Path("/api/targets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "targets", description = "targets' health and backlog, C-ECHO, pause/resume")
public class TargetsResource {

    @Inject
    TargetOps targets;
    @Inject
    DeadLetterOps deadLetters;
    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Every target of the running rules: health (ok, failing, degraded, paused), backlog, dead "
            + "letters, last error and since when failing")
    public List<TargetOps.TargetView> list() {
        return Api.call(targets::list);
    }

    @GET
    @Path("{name}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "One target")
    public TargetOps.TargetView get(@PathParam("name") String name) {
        return Api.call(() -> targets.get(name));
    }

    @POST
    @Path("{name}/echo")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "C-ECHO to a DICOM target with its deliveries' settings; success false with the error when "
            + "it cannot be reached")
    public TargetOps.EchoResult echo(@PathParam("name") String name) {
        return Api.call(() -> targets.echo(user.name(), name));
    }

    @POST
    @Path("{name}/pause")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Pauses delivery to the target: its jobs stay queued (also across a restart)")
    public TargetOps.TargetView pause(@PathParam("name") String name) {
        return Api.call(() -> targets.pause(user.name(), name));
    }

    @POST
    @Path("{name}/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Resumes delivery to a paused target at once")
    public TargetOps.TargetView resume(@PathParam("name") String name) {
        return Api.call(() -> targets.resume(user.name(), name));
    }

    @POST
    @Path("{name}/dead-letters/retry")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Retries every dead letter with a failed job for this target (after it came back)")
    public DeadLetterOps.RetryResult retryDeadLetters(@PathParam("name") String name) {
        return Api.call(() -> deadLetters.retryAll(user.name(), name));
    }
}
