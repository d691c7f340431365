/**
 * The digital mask on frames: the avatar rendered over EGL, the generic eye and its response, the two-pass
 * pipeline that analyses then renders, compositing, covering other faces, and failing closed.
 *
 * <p>Must not know: tags, routes. (The pipeline still wraps its output into DICOM, a frozen exception that
 * {@code ArchitectureTest} names; it belongs in {@code route}.)
 */
package org.dmask.mask;
