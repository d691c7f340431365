package org.dmask.mask.avatar;

/**
 * The head's rigid pose in the frame: a similarity transform of the canonical mesh, projected orthographically
 * (weak perspective). A canonical point v lands on image pixel
 * {@code (tx + scale·(R v).x, ty − scale·(R v).y)}; image y points down, canonical y up. {@code R} is a proper
 * rotation (row-major 3×3); identity means the face looks straight at the camera, upright. Depth is
 * {@code scale·(R v).z}, towards the viewer.
 *
 * @param scale       pixels per canonical unit
 * @param rotation    row-major 3×3 rotation, 9 values
 * @param translateX  image x of the canonical origin, pixels
 * @param translateY  image y of the canonical origin, pixels
 */
public record Pose(float scale, float[] rotation, float translateX, float translateY) {

    public Pose {
        if (rotation.length != 9) {
            throw new IllegalArgumentException("rotation needs 9 values, got " + rotation.length);
        }
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
        rotation = rotation.clone();
    }

    /** Frontal pose, upright, looking at the camera. */
    public static Pose frontal(float scale, float translateX, float translateY) {
        return new Pose(scale, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, translateX, translateY);
    }

    /**
     * From head angles in degrees: yaw about the head's vertical axis (positive turns the face towards the
     * image's right), pitch about the horizontal axis (positive tilts it up), roll in the image plane
     * (positive counter-clockwise as seen). Applied as roll · yaw · pitch.
     */
    public static Pose fromAngles(float scale, float yawDegrees, float pitchDegrees, float rollDegrees,
            float translateX, float translateY) {
        float[] pitch = Rotations.aboutX(-pitchDegrees);
        float[] yaw = Rotations.aboutY(yawDegrees);
        float[] roll = Rotations.aboutZ(rollDegrees);
        return new Pose(scale, Rotations.multiply(roll, Rotations.multiply(yaw, pitch)), translateX, translateY);
    }

    @Override
    public float[] rotation() {
        return rotation.clone();
    }

    float rotationAt(int row, int column) {
        return rotation[row * 3 + column];
    }
}
