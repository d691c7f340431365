package org.dmask.admin.security;

/**
 * The four roles of the HTTP side. A user holds one or more; nothing is allowed without one.
 *
 * <ul>
 * <li>{@link #ADMIN}: rules, targets, users and keys, and everything an operator may do;</li>
 * <li>{@link #OPERATOR}: jobs, dead letters, targets' echo and pause, the before/after preview;</li>
 * <li>{@link #AUDITOR}: the audit log and the read-only views, nothing that changes state;</li>
 * <li>{@link #SENDER}: STOW-RS uploads only.</li>
 * </ul>
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String AUDITOR = "auditor";
    public static final String SENDER = "sender";

    private Roles() {
    }
}
