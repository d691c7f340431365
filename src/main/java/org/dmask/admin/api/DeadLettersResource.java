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
import org.dmask.admin.ops.DeadLetterOps;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dead letters: list, show the reasons, retry, delete, retry a target's all. */
@Path("/api/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead letters", description = "objects that could not be delivered or routed, kept (encrypted) with "
        + "their reasons")
public class DeadLettersResource {

    @Inject
    DeadLetterOps deadLetters;
    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Dead letters, newest first; filters: target, older-than (15m, 2h, PT1H)")
    public List<DeadLetterOps.DeadLetterView> list(@QueryParam("target") String target,
            @QueryParam("older-than") String olderThan) {
        return Api.call(() -> deadLetters.list(target, Api.duration("older-than", olderThan)));
    }

    @GET
    @Path("{name}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "One dead letter with its reasons (never the object)")
    public DeadLetterOps.DeadLetterView get(@PathParam("name") String name) {
        return Api.call(() -> deadLetters.get(name));
    }

    @POST
    @Path("{name}/retry")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Queues the original object again for its failed targets (or only ?target=); an object no "
            + "rule took is routed again by the running rules")
    public DeadLetterOps.RetryResult retry(@PathParam("name") String name, @QueryParam("target") String target) {
        return Api.call(() -> deadLetters.retry(user.name(), name, target));
    }

    @POST
    @Path("retry")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Retries every dead letter of ?target= (required), e.g. after the target came back")
    public DeadLetterOps.RetryResult retryAll(@QueryParam("target") String target) {
        return Api.call(() -> {
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("give ?target=NAME: the target whose dead letters to retry");
            }
            return deadLetters.retryAll(user.name(), target);
        });
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "Deletes a dead letter (the object and its reasons)")
    public DeadLetterOps.DeadLetterView delete(@PathParam("name") String name) {
        return Api.call(() -> deadLetters.delete(user.name(), name));
    }
}
