package org.dmask.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dmask.admin.ops.RecentObjects;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The objects handled lately, by pseudonymous UIDs only. */
@Path("/api/objects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "objects", description = "recent objects by pseudonymous UIDs: rule, outcome per target, timings")
public class ObjectsResource {

    @Inject
    RecentObjects recent;

    @GET
    @Path("recent")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Recent objects, newest first; ?uid= a pseudonymous study or instance UID; ?limit=")
    public List<RecentObjects.RecentObject> recent(@QueryParam("uid") String uid,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        return Api.call(() -> recent.list(uid == null || uid.isBlank() ? null : uid, Math.max(1, limit)));
    }
}
