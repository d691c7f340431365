/**
 * The admin services, plain CDI beans for the REST API and the console: rules (show, validate, dry run, apply),
 * targets (health, C-ECHO, pause/resume), jobs and dead letters (list, retry, delete), recent objects, audit search,
 * and the audit of every admin action.
 *
 * <p>Must not know: HTTP (JAX-RS, status codes), how a user logged in; never shows an original identifier.
 */
package org.dmask.admin.ops;
