package org.dmask.admin.console;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The console's view of the current request: the browser's CSRF nonce (set by the filter) and the user. */
@RequestScoped
public class ConsoleRequest {

    @Inject
    SecurityIdentity identity;
    @Inject
    CsrfGuard guard;

    private String nonce;

    void nonce(String n) {
        this.nonce = n;
    }

    /** The signed-in user with this page's CSRF token. */
    public ConsoleUser user() {
        String name = identity.getPrincipal().getName();
        return ConsoleUser.of(identity, nonce == null ? "" : guard.token(name, nonce));
    }
}
