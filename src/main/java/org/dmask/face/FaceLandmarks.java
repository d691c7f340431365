package org.dmask.face;

/**
 * The 468 mesh landmarks of one face in frame pixels: x, y and z (relative depth, same pixel scale, smaller = nearer),
 * the face-presence probability, and the crop they were found in.
 */
public record FaceLandmarks(double[] xyz, double presence, RotatedRect crop) {

    /** Mesh points: 0..467 (= vertices of the canonical mesh). */
    public static final int COUNT = 468;
    public static final int MESH = COUNT;
    /** Outer and inner corner of the eye on the image's left (the subject's right eye). */
    public static final int RIGHT_EYE_OUTER = 33;
    public static final int RIGHT_EYE_INNER = 133;
    /** Inner and outer corner of the eye on the image's right (the subject's left eye). */
    public static final int LEFT_EYE_INNER = 362;
    public static final int LEFT_EYE_OUTER = 263;

    public double x(int i) {
        return xyz[3 * i];
    }

    public double y(int i) {
        return xyz[3 * i + 1];
    }

    public double z(int i) {
        return xyz[3 * i + 2];
    }

    /** Distance between the outer eye corners, in pixels: the face scale used for tolerances. */
    public double outerEyeCornerDistance() {
        return Math.hypot(x(LEFT_EYE_OUTER) - x(RIGHT_EYE_OUTER), y(LEFT_EYE_OUTER) - y(RIGHT_EYE_OUTER));
    }
}
