/**
 * The digital mask's API: {@link org.dmask.mask.VideoMasker} (what the gateway calls), {@link org.dmask.mask.MaskMode},
 * {@link org.dmask.mask.MaskProgress} and the configuration ({@code dmask.mask.*}). Its parts, bottom first, each
 * importing only this package and the parts before it: {@code avatar} (the generic head and its per-frame state),
 * {@code gl} (EGL, shaders, the renderer and its lanes), {@code eye} (the generic eye's measured response and the
 * readback), {@code pipeline} (the two passes, compositing, covering other faces, failing closed, and the CDI bean
 * {@code DigitalMask}).
 *
 * <p>Must not know: tags, routes. (The pipeline still wraps its output into DICOM, a frozen exception that
 * {@code ArchitectureTest} names; it belongs in {@code route}.)
 */
package org.dmask.mask;
