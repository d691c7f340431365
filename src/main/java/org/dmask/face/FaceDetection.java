package org.dmask.face;

/**
 * One detected face in frame pixels: box centre and size, the six BlazeFace keypoints (the subject's right and left eye
 * centres, nose tip, mouth centre, right and left ear tragion) as x0,y0,...,x5,y5, and the score.
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
