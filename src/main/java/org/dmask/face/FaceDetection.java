package org.dmask.face;

/**
 * One detected face in frame pixels: box centre and size, the five YuNet keypoints (two eye centres, nose tip,
 * two mouth corners) as x0,y0,...,x4,y4, and the score.
 */
public record FaceDetection(double cx, double cy, double width, double height, double[] keypoints, double score) {

    public double x0() {
        return cx - width / 2;
    }

    public double y0() {
        return cy - height / 2;
    }

    double iou(FaceDetection o) {
        double ix = Math.max(0, Math.min(x0() + width, o.x0() + o.width) - Math.max(x0(), o.x0()));
        double iy = Math.max(0, Math.min(y0() + height, o.y0() + o.height) - Math.max(y0(), o.y0()));
        double inter = ix * iy;
        return inter / (width * height + o.width * o.height - inter);
    }
}
