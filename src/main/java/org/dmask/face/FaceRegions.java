package org.dmask.face;

/**
 * The "region" calculators: where the landmark model looks, from a detection (first frame, after a loss) or from
 * the previous frame's landmarks (tracking). Both give a square 1.5x the face, rotated so the eyes are level.
 */
public final class FaceRegions {

    /** MediaPipe's margin around the face for the landmark crop. */
    static final double SCALE = 1.5;

    private FaceRegions() {
    }

    public static RotatedRect fromDetection(FaceDetection d) {
        double[] k = d.keypoints();
        // The eye keypoints are the first two; take whichever is on the image's left as the start of the eye line.
        double ax = k[0], ay = k[1], bx = k[2], by = k[3];
        if (ax > bx) {
            double tx = ax, ty = ay;
            ax = bx;
            ay = by;
            bx = tx;
            by = ty;
        }
        double angle = Math.atan2(by - ay, bx - ax);
        return new RotatedRect(d.cx(), d.cy(), SCALE * Math.max(d.width(), d.height()), angle);
    }

    public static RotatedRect fromLandmarks(FaceLandmarks lm) {
        double angle = Math.atan2(lm.y(FaceLandmarks.LEFT_EYE_OUTER) - lm.y(FaceLandmarks.RIGHT_EYE_OUTER),
                lm.x(FaceLandmarks.LEFT_EYE_OUTER) - lm.x(FaceLandmarks.RIGHT_EYE_OUTER));
        // Bounding box of the mesh in the rotated frame, so the square does not grow with the roll angle.
        double c = Math.cos(angle), s = Math.sin(angle);
        double minU = Double.MAX_VALUE, maxU = -Double.MAX_VALUE, minV = Double.MAX_VALUE, maxV = -Double.MAX_VALUE;
        for (int i = 0; i < FaceLandmarks.MESH; i++) {
            double u = lm.x(i) * c + lm.y(i) * s;
            double v = -lm.x(i) * s + lm.y(i) * c;
            minU = Math.min(minU, u);
            maxU = Math.max(maxU, u);
            minV = Math.min(minV, v);
            maxV = Math.max(maxV, v);
        }
        double mu = (minU + maxU) / 2, mv = (minV + maxV) / 2;
        double cx = mu * c - mv * s;
        double cy = mu * s + mv * c;
        return new RotatedRect(cx, cy, SCALE * Math.max(maxU - minU, maxV - minV), angle);
    }
}
