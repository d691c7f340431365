/**
 * The generic head the mask draws: the canonical mesh, the generic eye, the features drawn on it (lash lines, brows),
 * and the per-frame state it is drawn in (pose, each eye's motion, the clip's transforms). Geometry and numbers only.
 *
 * <p>Must not know: OpenGL, video, the face analysis's models, tags.
 */
package org.dmask.mask.avatar;
