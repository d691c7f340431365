/**
 * The mask on a clip, in two passes: analyse every frame (records in a temporary file), then map to the avatar,
 * render, composite ({@code full}: the avatar alone; {@code face}: over the face oval, other faces covered) and encode;
 * frames without a confident track are replaced and flagged (fail closed). {@code DigitalMask} is its CDI wiring.
 *
 * <p>Must not know: tags (route reads the object and wraps the MP4), routes.
 */
package org.dmask.mask.pipeline;
