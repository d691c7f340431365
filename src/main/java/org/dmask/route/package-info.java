/**
 * The gateway, the glue on top: {@link org.dmask.route.Gateway} wires the ingest routes, the rules and the job store
 * together; {@link org.dmask.route.GatewayService} runs it in the application with its configuration, metrics and
 * readiness. Its parts, bottom first, each importing only those before it: {@code spool} (received objects made
 * durable, and what is read of them before routing), {@code component} (the {@code dicom:}, {@code stow:} and
 * {@code archive:} Camel components), {@code delivery} (the job store, preparation once per object, retries, dead
 * letters), {@code rules} (YAML rules compiled into Camel routes that write the jobs).
 *
 * <p>Must not know: how masking works inside (only {@code mask.VideoMasker} and {@code mask.MaskMode}).
 */
package org.dmask.route;
