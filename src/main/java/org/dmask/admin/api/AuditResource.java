package org.dmask.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dmask.admin.ops.AuditSearch;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail, searched. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "search of the JSON-lines audit trail")
public class AuditResource {

    @Inject
    AuditSearch search;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Audit events, newest first; filters: from, to (ISO-8601 instants), event (receive, send, "
            + "dead_letter, admin ...), who (user or calling AE title), outcome, target, limit")
    public List<AuditSearch.AuditRecord> search(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("event") String event, @QueryParam("who") String who, @QueryParam("outcome") String outcome,
            @QueryParam("target") String target, @QueryParam("limit") Integer limit) {
        return Api.call(() -> search.search(new AuditSearch.Query(Api.instant("from", from), Api.instant("to", to),
                event, who, outcome, target, limit)));
    }
}
