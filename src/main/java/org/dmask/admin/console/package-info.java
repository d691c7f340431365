/**
 * The web console at {@code /console}: server-rendered pages (Qute, htmx) over the {@code admin.ops} services: the
 * dashboard (meters sampled into a bounded history, SVG charts drawn here), dead letters and jobs, targets, the rules
 * editor, the audit log, the before/after preview of the mask, the login page; CSRF tokens for every state change.
 *
 * <p>Must not know: how a user logged in (only the identity and its roles); the rules', targets' and jobs' logic
 * (the services have it). Never keeps an original beyond the request that uses it.
 */
package org.dmask.admin.console;
