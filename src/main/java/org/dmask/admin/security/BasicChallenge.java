package org.dmask.admin.security;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The answer to a request without a login: {@code 401} with {@code WWW-Authenticate: Basic} everywhere but the
 * console, whose pages redirect to the login form. Quarkus's own Basic mechanism stays silent while the login form is
 * on, which would redirect STOW-RS and API clients to an HTML page; this mechanism authenticates nobody, it only
 * answers first (its priority is above Basic's and the form's).
 */
@ApplicationScoped
public class BasicChallenge implements HttpAuthenticationMechanism {

    static final String CONSOLE = "/console";

    @Override
    public Uni<SecurityIdentity> authenticate(io.vertx.ext.web.RoutingContext context,
            IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Uni<ChallengeData> getChallenge(io.vertx.ext.web.RoutingContext context) {
        String path = context.normalizedPath();
        if (path.equals(CONSOLE) || path.startsWith(CONSOLE + "/")) {
            return Uni.createFrom().optional(java.util.Optional.empty()); // the form's redirect to /login
        }
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE,
                "Basic realm=\"dmask\", charset=\"UTF-8\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(io.vertx.ext.web.RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public int getPriority() {
        return 2500; // Basic 2000, form 1000: asked for a challenge before them
    }
}
