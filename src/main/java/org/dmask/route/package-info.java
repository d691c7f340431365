/**
 * The gateway, the glue on top: the {@code dicom:}, {@code stow:} and {@code archive:} Camel components, rules as
 * routes, the durable job store, preparation once per object, delivery with retries, dead letters and the
 * transcoding fallback.
 *
 * <p>Must not know: how masking works inside.
 */
package org.dmask.route;
