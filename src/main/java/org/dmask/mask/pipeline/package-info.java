/**
 * The mask on a clip, in two passes: analyse every frame (records in a temporary file), then map to the avatar,
 * render, composite ({@code full}: the avatar alone; {@code face}: over the face oval, other faces covered) and encode;
 * frames without a confident track are replaced and flagged (fail closed). {@code DigitalMask} is its CDI wiring.
 *
 * <p>Must not know: routes. (It still wraps its output into DICOM: ArchitectureTest's frozen exception.)
 */
package org.dmask.mask.pipeline;
