package org.dmask.admin.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * CSRF protection for the console ({@code /console/...} and {@code /logout}): every request that can change state
 * (anything but GET, HEAD and OPTIONS) must carry the page's token in the {@value CsrfGuard#HEADER} header, else it
 * is answered 403 before any resource method runs. GETs hand a browser without a nonce cookie a new one.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 10)
public class ConsoleCsrfFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String NEW_NONCE = "dmask.console.new-nonce";

    @Inject
    CsrfGuard guard;
    @Inject
    ConsoleRequest request;
    @Inject
    SecurityIdentity identity;

    static boolean guarded(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.equals("/console") || p.startsWith("/console/") || p.equals("/logout");
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (!guarded(ctx.getUriInfo().getPath())) {
            return;
        }
        Cookie c = ctx.getCookies().get(CsrfGuard.COOKIE);
        String nonce = c == null ? null : c.getValue();
        if (!SAFE.contains(ctx.getMethod())) {
            String user = identity.isAnonymous() ? null : identity.getPrincipal().getName();
            if (!guard.valid(user, nonce, ctx.getHeaderString(CsrfGuard.HEADER))) {
                ctx.abortWith(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE)
                        .entity("no valid CSRF token with this request; reload the page and try again\n").build());
                return;
            }
        } else if (nonce == null || nonce.isEmpty()) {
            nonce = guard.newNonce();
            ctx.setProperty(NEW_NONCE, nonce);
        }
        request.nonce(nonce);
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext resp) {
        if (!guarded(req.getUriInfo().getPath())) {
            return;
        }
        // Console pages may show original frames (the preview) and names: never cached, never framed.
        resp.getHeaders().putSingle("Cache-Control", "no-store");
        resp.getHeaders().putSingle("X-Frame-Options", "DENY");
        resp.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        resp.getHeaders().putSingle("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                + "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'");
        Object fresh = req.getProperty(NEW_NONCE);
        if (fresh instanceof String nonce) {
            boolean https = "https".equalsIgnoreCase(req.getUriInfo().getRequestUri().getScheme());
            resp.getHeaders().add("Set-Cookie", new NewCookie.Builder(CsrfGuard.COOKIE).value(nonce).path("/")
                    .httpOnly(true).secure(https).sameSite(NewCookie.SameSite.STRICT).build());
        }
    }
}
