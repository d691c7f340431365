package org.dmask.face;

/**
 * One eye at full resolution from the iris model, in frame pixels: 71 contour points (MediaPipe order: 0 outer
 * corner, 1-7 lower lid, 8 inner corner, 9-15 upper lid, then a second ring and the brow) and 5 iris points
 * (centre, then 4 on the rim).
 */
public record EyeLandmarks(double[] contour, double[] iris, RotatedRect crop) {

    public static final int CONTOUR = 71;
    public static final int OUTER_CORNER = 0;
    public static final int INNER_CORNER = 8;

    public double cx(int i) {
        return contour[2 * i];
    }

    public double cy(int i) {
        return contour[2 * i + 1];
    }

    public double irisX() {
        return iris[0];
    }

    public double irisY() {
        return iris[1];
    }

    /** Mean distance from the iris centre to its 4 rim points. */
    public double irisRadius() {
        double sum = 0;
        for (int k = 1; k <= 4; k++) {
            sum += Math.hypot(iris[2 * k] - iris[0], iris[2 * k + 1] - iris[1]);
        }
        return sum / 4;
    }

    /** Lower-lid points from outer to inner corner (contour 0..8). */
    public double[][] lowerLid() {
        double[][] p = new double[9][];
        for (int i = 0; i <= 8; i++) {
            p[i] = new double[] {cx(i), cy(i)};
        }
        return p;
    }

    /** Upper-lid points from outer to inner corner (contour 0, 9..15, 8). */
    public double[][] upperLid() {
        double[][] p = new double[9][];
        p[0] = new double[] {cx(0), cy(0)};
        for (int i = 9; i <= 15; i++) {
            p[i - 8] = new double[] {cx(i), cy(i)};
        }
        p[8] = new double[] {cx(8), cy(8)};
        return p;
    }
}
