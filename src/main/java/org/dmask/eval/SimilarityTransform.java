package org.dmask.eval;

/**
 * A 2-D similarity (rotation, uniform scale, translation) fitted by least squares (Umeyama 1991, which in 2-D has
 * this closed form): {@code x' = a·x − b·y + tx}, {@code y' = b·x + a·y + ty}.
 */
record SimilarityTransform(double a, double b, double tx, double ty) {

    /** Best similarity taking {@code src} onto {@code dst}; both are x,y interleaved, same length. */
    static SimilarityTransform fit(double[] src, double[] dst) {
        int n = src.length / 2;
        if (n < 2 || src.length != dst.length) {
            throw new IllegalArgumentException("need at least two matching point pairs");
        }
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) {
            sx += src[2 * i];
            sy += src[2 * i + 1];
            dx += dst[2 * i];
            dy += dst[2 * i + 1];
        }
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;
        double re = 0, im = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double px = src[2 * i] - sx, py = src[2 * i + 1] - sy;
            double qx = dst[2 * i] - dx, qy = dst[2 * i + 1] - dy;
            // (q) · conj(p) in complex numbers
            re += qx * px + qy * py;
            im += qy * px - qx * py;
            norm += px * px + py * py;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("source points coincide");
        }
        double a = re / norm, b = im / norm;
        return new SimilarityTransform(a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
    }

    double[] apply(double x, double y) {
        return new double[] {a * x - b * y + tx, b * x + a * y + ty};
    }

    SimilarityTransform inverse() {
        double d = a * a + b * b;
        double ia = a / d, ib = -b / d;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }
}
