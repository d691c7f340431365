package org.dmask.admin.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The authenticated user of a request, as the audit names them. */
@RequestScoped
class CurrentUser {

    @Inject
    SecurityIdentity identity;

    String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}
