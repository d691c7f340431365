/**
 * Rendering the avatar with OpenGL 3.3 core over EGL: the display (NVIDIA EGL device or Mesa surfaceless), contexts,
 * shaders, an offscreen multisampled framebuffer, pixel read-back, and render lanes (one context per thread).
 *
 * <p>Must not know: video, the face analysis, tags.
 */
package org.dmask.mask.gl;
