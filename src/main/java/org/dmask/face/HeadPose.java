package org.dmask.face;

/**
 * Similarity transform from the canonical face (cm) to the frame: camera point = scale * R * canonical + t, in a
 * camera frame with x to the image's right, y up, z toward the viewer, pixel units (image y = -camera y).
 *
 * @param rotation row-major 3x3
 * @param rms      weighted RMS residual of the fit, pixels
 */
public record HeadPose(double scale, double[] rotation, double[] translation, double rms) {

    /** Yaw (turning left/right, about y), degrees, for R = Rz(roll) Ry(yaw) Rx(pitch). */
    public double yawDeg() {
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, -rotation[6]))));
    }

    /** Pitch (nodding, about x), degrees. */
    public double pitchDeg() {
        return Math.toDegrees(Math.atan2(rotation[7], rotation[8]));
    }

    /** Roll (tilting in the image plane, about z), degrees; counter-clockwise as seen in the image is positive. */
    public double rollDeg() {
        return Math.toDegrees(Math.atan2(rotation[3], rotation[0]));
    }

    /** Image x of the canonical origin (the head centre). */
    public double imageX() {
        return translation[0];
    }

    /** Image y of the canonical origin. */
    public double imageY() {
        return -translation[1];
    }

    /** Camera-frame point of a canonical point. */
    public double[] apply(double x, double y, double z) {
        double[] r = rotation;
        return new double[] {
            scale * (r[0] * x + r[1] * y + r[2] * z) + translation[0],
            scale * (r[3] * x + r[4] * y + r[5] * z) + translation[1],
            scale * (r[6] * x + r[7] * y + r[8] * z) + translation[2]};
    }

    /** Canonical point of a camera-frame point: the inverse transform. */
    public double[] unapply(double x, double y, double z) {
        double[] r = rotation;
        double dx = (x - translation[0]) / scale, dy = (y - translation[1]) / scale, dz = (z - translation[2]) / scale;
        return new double[] {
            r[0] * dx + r[3] * dy + r[6] * dz,
            r[1] * dx + r[4] * dy + r[7] * dz,
            r[2] * dx + r[5] * dy + r[8] * dz};
    }
}
