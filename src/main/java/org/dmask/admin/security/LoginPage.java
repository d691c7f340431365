package org.dmask.admin.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The console's login form (Quarkus form authentication posts it to {@code /j_security_check}). A plain page with no
 * script, served without authentication; the console may replace it with its own template.
 */
@Path("/login")
public class LoginPage {

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("error") String error) {
        String message = error == null ? "" : "<p role=\"alert\">Wrong user name or password.</p>\n";
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>dmask: log in</title></head>
                <body>
                <h1>dmask</h1>
                %s<form method="post" action="/j_security_check">
                <p><label>User <input name="j_username" autocomplete="username" required autofocus></label></p>
                <p><label>Password <input name="j_password" type="password" autocomplete="current-password" required></label></p>
                <p><button type="submit">Log in</button></p>
                </form>
                </body>
                </html>
                """.formatted(message);
        // no caching, no framing: a login form in someone else's frame is a clickjacking target
        return Response.ok(html).header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
                .build();
    }
}
