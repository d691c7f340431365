package org.dmask.admin.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dmask.admin.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api}: where the admin API's parts are, and its OpenAPI document. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "index")
public class ApiIndexResource {

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "The admin API's collections and its OpenAPI document")
    public Map<String, String> index() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("openapi", "/q/openapi");
        m.put("rules", "/api/rules");
        m.put("targets", "/api/targets");
        m.put("jobs", "/api/jobs");
        m.put("dead-letters", "/api/dead-letters");
        m.put("recent-objects", "/api/objects/recent");
        m.put("audit", "/api/audit");
        return m;
    }
}
