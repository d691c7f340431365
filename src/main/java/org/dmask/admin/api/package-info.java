/**
 * The admin REST API under {@code /api}: JSON resources over {@link org.dmask.admin.ops}, their roles
 * ({@code @RolesAllowed}), one-line JSON errors, and the OpenAPI annotations of {@code /q/openapi}.
 *
 * <p>Must not know: the route's internals (it goes through the services), how users are stored or authenticated.
 */
package org.dmask.admin.api;
