package org.dmask.face;

/**
 * A square region of a frame, rotated by {@code angle} radians (the crop's x axis points along
 * (cos a, sin a) in the frame): MediaPipe's "normalised rect", in pixels. Used for the face crop and the eye crops.
 */
public record RotatedRect(double cx, double cy, double size, double angle) {

    /** Frame coordinates of crop pixel coordinates (u, v) in a crop of {@code side} pixels, mirrored if asked. */
    public double[] toFrame(double u, double v, int side, boolean mirror) {
        double dx = (u / side - 0.5) * size;
        double dy = (v / side - 0.5) * size;
        if (mirror) {
            dx = -dx;
        }
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[] {cx + dx * c - dy * s, cy + dx * s + dy * c};
    }

    /** Crop pixel coordinates of a frame point: the inverse of {@link #toFrame}. */
    public double[] toCrop(double x, double y, int side, boolean mirror) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double dx = (x - cx) * c + (y - cy) * s;
        double dy = -(x - cx) * s + (y - cy) * c;
        if (mirror) {
            dx = -dx;
        }
        return new double[] {(dx / size + 0.5) * side, (dy / size + 0.5) * side};
    }
}
