package org.dmask.mask.pipeline;

/**
 * The face region of a frame as an ellipse in image pixels (from the face oval landmarks): centre, semi-axes
 * and rotation (degrees, clockwise on screen since image y points down).
 */
public record FaceOval(float centreX, float centreY, float radiusX, float radiusY, float rotationDegrees) {

    public FaceOval {
        if (!(radiusX > 0) || !(radiusY > 0)) {
            throw new IllegalArgumentException("oval radii must be positive");
        }
    }

    /**
     * The pixel centre's normalised radius: below 1 inside the oval, 1 on it. Together with {@link #minRadius()}
     * it bounds the distance outside: (r − 1)·minRadius is never more than the true distance in pixels.
     */
    public double normalisedRadius(double x, double y) {
        double angle = Math.toRadians(rotationDegrees);
        double dx = x - centreX;
        double dy = y - centreY;
        double u = (dx * Math.cos(angle) + dy * Math.sin(angle)) / radiusX;
        double v = (-dx * Math.sin(angle) + dy * Math.cos(angle)) / radiusY;
        return Math.sqrt(u * u + v * v);
    }

    float minRadius() {
        return Math.min(radiusX, radiusY);
    }

    float maxRadius() {
        return Math.max(radiusX, radiusY);
    }
}
