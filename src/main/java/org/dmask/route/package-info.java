/**
 * The gateway, the glue on top: {@link org.dmask.route.Gateway} wires the ingest routes, the rules and the job store
 * together; {@link org.dmask.route.GatewayService} runs it in the application with its configuration, metrics and
 * readiness. Its parts, bottom first, each importing only those before it: {@code spool} (received objects made
 * durable, and what is read of them before routing), {@code component} (the {@code dicom:}, {@code stow:} and
 * {@code archive:} Camel components), {@code delivery} (the job store, preparation once per object, retries, dead
 * letters), {@code rules} (YAML rules compiled into Camel routes that write the jobs), {@code cluster} (the jobs
 * in Kafka and the objects in a shared store, for ingest and worker nodes).
 *
 * <p>Must not know: how masking works inside (only the API in {@code org.dmask.mask}: {@code ClipMasker},
 * {@code VideoMasker}, {@code MaskMode}); {@code delivery.DicomVideoMasker} wraps the masked video into DICOM.
 */
package org.dmask.route;
