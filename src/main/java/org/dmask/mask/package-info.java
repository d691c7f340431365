/**
 * The digital mask's API: {@link org.dmask.mask.ClipMasker} (frames in, a masked MP4 out: what the gateway's DICOM step calls), its DICOM-level
 * counterpart {@link org.dmask.mask.VideoMasker} (implemented in {@code route}), {@link org.dmask.mask.MaskMode},
 * {@link org.dmask.mask.MaskProgress} and the configuration ({@code dmask.mask.*}). Its parts, bottom first, each
 * importing only this package and the parts before it: {@code avatar} (the generic head and its per-frame state),
 * {@code gl} (EGL, shaders, the renderer and its lanes), {@code eye} (the generic eye's measured response and the
 * readback), {@code pipeline} (the two passes, compositing, covering other faces, failing closed, and the CDI bean
 * {@code DigitalMask}).
 *
 * <p>Must not know: tags, routes.
 */
package org.dmask.mask;
