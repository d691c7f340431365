/**
 * Durable delivery: one job file per (object, target) in the {@link org.dmask.route.delivery.JobStore}; the
 * {@link org.dmask.route.delivery.Preparer} de-identifies (and cleans, and masks) once per object; the
 * {@link org.dmask.route.delivery.Delivery} workers send through the targets' Camel routes, retry with backoff and make
 * dead letters (encrypted at rest when a key is configured).
 *
 * <p>Must not know: the rules (a job carries its rule's choices), how objects arrive.
 */
package org.dmask.route.delivery;
