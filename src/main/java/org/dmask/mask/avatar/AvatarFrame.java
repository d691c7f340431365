package org.dmask.mask.avatar;

/**
 * Everything the renderer is told about one frame: the frame size and the patient's motion, nothing else.
 * There is no field for an image, a texture, a colour or a shape, so none can reach the avatar: the pose is a
 * similarity transform, the expression is a residual on the generic mesh, and the eyes are angles and
 * normalised lid heights.
 *
 * @param width       frame width, pixels
 * @param height      frame height, pixels
 * @param tracked     false when the face was not tracked with confidence: the frame is rendered neutral
 * @param pose        head pose; ignored when untracked
 * @param expression  per-vertex offset from the neutral face, {@value AvatarMesh#VERTEX_COUNT}×3 floats in
 *                    canonical units (may be all zeros); not copied, do not change it after handing it over
 * @param rightEye    the subject's right eye (canonical landmarks 33/133; image left for a frontal face)
 * @param leftEye     the subject's left eye (canonical landmarks 263/362)
 */
public record AvatarFrame(int width, int height, boolean tracked, Pose pose, float[] expression,
        EyeMotion rightEye, EyeMotion leftEye) {

    public AvatarFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        if (tracked) {
            if (pose == null || rightEye == null || leftEye == null || expression == null) {
                throw new IllegalArgumentException("a tracked frame needs pose, expression and both eyes");
            }
            if (expression.length != AvatarMesh.VERTEX_COUNT * 3) {
                throw new IllegalArgumentException("expression needs " + AvatarMesh.VERTEX_COUNT * 3
                        + " floats, got " + expression.length);
            }
        }
    }

    /** A frame without a confident track; it fails closed. */
    public static AvatarFrame untracked(int width, int height) {
        return new AvatarFrame(width, height, false, null, null, null, null);
    }

    /** A tracked frame with no expression residual. */
    public static AvatarFrame of(int width, int height, Pose pose, EyeMotion rightEye, EyeMotion leftEye) {
        return new AvatarFrame(width, height, true, pose, new float[AvatarMesh.VERTEX_COUNT * 3], rightEye,
                leftEye);
    }
}
