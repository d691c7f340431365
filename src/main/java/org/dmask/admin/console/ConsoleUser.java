package org.dmask.admin.console;

import io.quarkus.security.identity.SecurityIdentity;
import org.dmask.admin.security.Roles;

/**
 * Who is looking at a page, as the templates need it: the name, what the roles allow (the navigation shows only
 * that), and the CSRF token every state-changing request of this page must carry.
 */
public record ConsoleUser(String name, boolean admin, boolean operator, boolean auditor, String csrfToken) {

    static ConsoleUser of(SecurityIdentity id, String csrfToken) {
        return new ConsoleUser(id.getPrincipal().getName(), id.hasRole(Roles.ADMIN), id.hasRole(Roles.OPERATOR),
                id.hasRole(Roles.AUDITOR), csrfToken);
    }

    /**
     * Retry and delete jobs and dead letters, C-ECHO targets, validate and dry-run rules, the preview (the admin
     * API's operator actions).
     */
    public boolean canOperate() {
        return admin || operator;
    }

    /** Apply rules, pause and resume targets. */
    public boolean canAdminister() {
        return admin;
    }

    /** The role names, for the header. */
    public String roles() {
        StringBuilder b = new StringBuilder();
        for (String[] r : new String[][] {{Roles.ADMIN, admin ? "y" : ""}, {Roles.OPERATOR, operator ? "y" : ""},
            {Roles.AUDITOR, auditor ? "y" : ""}}) {
            if (!r[1].isEmpty()) {
                b.append(b.length() == 0 ? "" : ", ").append(r[0]);
            }
        }
        return b.toString();
    }
}
