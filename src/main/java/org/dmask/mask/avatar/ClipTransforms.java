package org.dmask.mask.avatar;

/**
 * Row-major 4×4 transforms from the model frames to clip space. The projection is orthographic (weak
 * perspective) and puts image row 0 at the bottom of GL's framebuffer, so glReadPixels returns rows top first.
 */
public final class ClipTransforms {

    /** Depth range in canonical units either side of the origin; the face and eyes lie well within it. */
    private static final float DEPTH_RANGE = 20f;

    private ClipTransforms() {
    }

    /** Canonical mesh → clip, for a frame of width×height pixels. */
    public static float[] faceToClip(Pose pose, int width, int height) {
        float s = pose.scale();
        float[] m = new float[16];
        for (int column = 0; column < 3; column++) {
            m[column] = 2 * s / width * pose.rotationAt(0, column);
            m[4 + column] = -2 * s / height * pose.rotationAt(1, column);
            m[8 + column] = -pose.rotationAt(2, column) / DEPTH_RANGE;
        }
        m[3] = 2 * pose.translateX() / width - 1;
        m[7] = 2 * pose.translateY() / height - 1;
        m[11] = 0;
        m[15] = 1;
        return m;
    }

    /** Unit eyeball → canonical frame: scaled to the eye, turned by the gaze, moved into its socket. */
    public static float[] eyeToCanonical(GenericEye eye, float[] gaze) {
        float r = eye.eyeballRadius;
        return new float[] {
            gaze[0] * r, gaze[1] * r, gaze[2] * r, eye.centreX,
            gaze[3] * r, gaze[4] * r, gaze[5] * r, eye.centreY,
            gaze[6] * r, gaze[7] * r, gaze[8] * r, eye.centreZ,
            0, 0, 0, 1};
    }

    /** The eye's rotation: its +z axis turns to (sin yaw·cos pitch, sin pitch, cos yaw·cos pitch). */
    public static float[] gazeRotation(EyeMotion motion) {
        return Rotations.multiply(Rotations.aboutY(motion.yawDegrees()), Rotations.aboutX(-motion.pitchDegrees()));
    }

    public static float[] multiply(float[] a, float[] b) {
        float[] product = new float[16];
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                float sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += a[row * 4 + k] * b[k * 4 + column];
                }
                product[row * 4 + column] = sum;
            }
        }
        return product;
    }
}
