package org.dmask.face;

/**
 * Turns one eye's full-resolution landmarks into the clinical signals of {@link EyeSignals}, all measured in the
 * image in the eye's own coordinates. The gaze angles take the head pose into account only where it matters: the
 * iris sits in front of the corner line, so turning the head shifts it against the corners, and that shift is
 * removed. (Taking the iris into head space through the landmark model's depth was tried and was 2-3x noisier:
 * KnownMotionTest.)
 *
 * <p>The lid margins are measured against the head's eye width (the canonical corner distance as the fitted pose
 * draws it), not against the corners the eye model reads in this frame: those drift with the iris and the lid (a
 * drooping lid over an eye turned in pulls them toward the iris, shrinking the measured width by up to 7%), and a
 * shrinking ruler reads a droop as smaller than it is. The pose is fitted to the whole face, so its ruler holds.
 * (The gaze keeps the eye model's corners: the pose's own jitter at the corners, about 0.6 px, is over 1 degree.)
 */
public final class EyeSignalCalculator {

    /** Eyeball radius of rotation, cm (adult average, about 12 mm). */
    public static final double EYE_RADIUS_CM = 1.2;
    /**
     * How far the iris centre sits in front of the midpoint of the eye corners, cm: in the canonical mesh the lid
     * middles (159, 145) are 0.36 cm in front of the corners (33, 133).
     */
    static final double IRIS_DEPTH_CM = 0.36;
    private static final int SAMPLES = 17;

    private EyeSignalCalculator() {
    }

    /**
     * @param pose          the frame's head pose (canonical cm to camera pixels): its scale and rotation
     * @param headEyeWidth  this eye's canonical corner distance as the pose projects it, pixels
     *                      ({@link PoseFitter#projectedDistance}): the lid margins' unit
     */
    public static EyeSignals compute(EyeLandmarks eye, HeadPose pose, double headEyeWidth) {
        if (!(headEyeWidth > 0)) {
            throw new IllegalArgumentException("the head's eye width must be positive, not " + headEyeWidth);
        }
        double pixelsPerCm = pose.scale();
        double ax = eye.cx(EyeLandmarks.OUTER_CORNER), ay = eye.cy(EyeLandmarks.OUTER_CORNER);
        double bx = eye.cx(EyeLandmarks.INNER_CORNER), by = eye.cy(EyeLandmarks.INNER_CORNER);
        if (ax > bx) { // start the axis at the image-left corner
            double tx = ax, ty = ay;
            ax = bx;
            ay = by;
            bx = tx;
            by = ty;
        }
        double width = Math.hypot(bx - ax, by - ay);
        double ux = (bx - ax) / width, uy = (by - ay) / width;
        double vx = uy, vy = -ux; // up in the image
        double mx = (ax + bx) / 2, my = (ay + by) / 2;

        double ix = ((eye.irisX() - mx) * ux + (eye.irisY() - my) * uy) / width;
        double iy = ((eye.irisX() - mx) * vx + (eye.irisY() - my) * vy) / width;

        double[][] upper = toEye(eye.upperLid(), mx, my, ux, uy, vx, vy, width);
        double[][] lower = toEye(eye.lowerLid(), mx, my, ux, uy, vx, vy, width);
        double mrd1 = interpolate(upper, ix) - iy;
        double mrd2 = iy - interpolate(lower, ix);
        double height = 0;
        for (int k = 1; k < SAMPLES - 1; k++) {
            double u = -0.5 + (double) k / (SAMPLES - 1);
            height = Math.max(height, interpolate(upper, u) - interpolate(lower, u));
        }
        // From the measured corner distance to the head's eye width (see the class comment).
        double toHeadUnit = width / headEyeWidth;
        mrd1 *= toHeadUnit;
        mrd2 *= toHeadUnit;
        height *= toHeadUnit;
        // Where a straight-ahead iris appears when the head is turned: the canonical vector (0, 0, depth) through
        // the pose's rotation, in image pixels (camera y is up, image y down), then in eye coordinates.
        double[] r = pose.rotation();
        double sx = pixelsPerCm * IRIS_DEPTH_CM * r[2], sy = -pixelsPerCm * IRIS_DEPTH_CM * r[5];
        double restX = (sx * ux + sy * uy) / width, restY = (sx * vx + sy * vy) / width;
        double radius = EYE_RADIUS_CM * pixelsPerCm / width; // in corner distances
        double gazeH = Math.toDegrees(Math.asin(clamp((ix - restX) / radius)));
        double gazeV = Math.toDegrees(Math.asin(clamp((iy - restY) / radius)));

        double mmPerPixel = 10 / pixelsPerCm;
        return new EyeSignals(ix, iy, gazeH, gazeV, mrd1, mrd2, height, width * mmPerPixel,
                height * headEyeWidth * mmPerPixel);
    }

    private static double clamp(double v) {
        return Math.max(-1, Math.min(1, v));
    }

    private static double[][] toEye(double[][] pts, double mx, double my, double ux, double uy, double vx, double vy,
            double width) {
        double[][] out = new double[pts.length][];
        for (int i = 0; i < pts.length; i++) {
            double dx = pts[i][0] - mx, dy = pts[i][1] - my;
            out[i] = new double[] {(dx * ux + dy * uy) / width, (dx * vx + dy * vy) / width};
        }
        java.util.Arrays.sort(out, java.util.Comparator.comparingDouble(p -> p[0]));
        return out;
    }

    /** Lid height at eye-x u, linear between the lid points (held at the ends). */
    static double interpolate(double[][] lid, double u) {
        if (u <= lid[0][0]) {
            return lid[0][1];
        }
        for (int i = 1; i < lid.length; i++) {
            if (u <= lid[i][0]) {
                double t = (u - lid[i - 1][0]) / Math.max(1e-9, lid[i][0] - lid[i - 1][0]);
                return lid[i - 1][1] + t * (lid[i][1] - lid[i - 1][1]);
            }
        }
        return lid[lid.length - 1][1];
    }
}
