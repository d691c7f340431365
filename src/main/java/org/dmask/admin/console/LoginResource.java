package org.dmask.admin.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dmask.admin.security.Roles;

/**
 * The login page (Quarkus form authentication: the form posts {@code j_username} and {@code j_password} to
 * {@code /j_security_check}) and the logout. The page is served without authentication, with no script, never cached
 * and never framed.
 */
@Path("/")
public class LoginResource {

    @Inject
    @Location("console/login.html")
    Template login;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("error") String error, @QueryParam("logout") String logout) {
        return Response.ok(login.data("error", error != null).data("loggedOut", logout != null).render())
                .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "form-action 'self'; frame-ancestors 'none'")
                .build();
    }

    /** Ends the session (the login cookie is cleared); htmx then goes to the login page. CSRF-checked. */
    @POST
    @Path("logout")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SENDER})
    public Response logout() {
        FormAuthenticationMechanism.logout(identity);
        return Response.noContent().header("HX-Redirect", "/login?logout=1").build();
    }
}
