package org.dmask.face;

/**
 * Rigid pose (with scale) of the canonical mesh fitted to the landmarks by weighted Procrustes: Horn's quaternion
 * solution of the weighted absolute-orientation problem, which always gives a proper rotation. Points that move with
 * expression (lips, jaw, lids, brows) get little weight, so a smile does not tilt the head.
 */
public final class PoseFitter {

    /** Points that stay put when the face moves: forehead, nose bridge and tip, eye corners, cheekbones, temples. */
    static final int[] STABLE = {10, 151, 9, 8, 168, 6, 197, 195, 5, 4, 1, 33, 133, 362, 263, 127, 356, 234, 454, 93,
        323, 116, 345, 123, 352, 50, 280, 36, 266, 71, 301, 68, 298, 103, 332, 109, 338, 67, 297, 143, 372};
    static final double OTHER_WEIGHT = 0.005;

    private final CanonicalMesh mesh;
    private final double[] weights;

    public PoseFitter(CanonicalMesh mesh) {
        this(mesh, defaultWeights());
    }

    public PoseFitter(CanonicalMesh mesh, double[] weights) {
        if (weights.length != mesh.vertexCount()) {
            throw new IllegalArgumentException("one weight per vertex: " + weights.length + " != " + mesh.vertexCount());
        }
        this.mesh = mesh;
        this.weights = weights.clone();
    }

    /** The image distance, pixels, between two canonical vertices as the pose draws them. */
    public double projectedDistance(HeadPose pose, int a, int b) {
        double[] v = mesh.vertices();
        double[] p = pose.apply(v[3 * a], v[3 * a + 1], v[3 * a + 2]);
        double[] q = pose.apply(v[3 * b], v[3 * b + 1], v[3 * b + 2]);
        return Math.hypot(p[0] - q[0], p[1] - q[1]);
    }

    static double[] defaultWeights() {
        double[] w = new double[FaceLandmarks.MESH];
        java.util.Arrays.fill(w, OTHER_WEIGHT);
        for (int i : STABLE) {
            w[i] = 1;
        }
        return w;
    }

    /** Camera-frame points (x right, y up, z toward the viewer, pixels) of the landmarks' mesh points. */
    public static double[] cameraPoints(FaceLandmarks lm) {
        double[] p = new double[FaceLandmarks.MESH * 3];
        for (int i = 0; i < FaceLandmarks.MESH; i++) {
            p[3 * i] = lm.x(i);
            p[3 * i + 1] = -lm.y(i);
            p[3 * i + 2] = -lm.z(i);
        }
        return p;
    }

    public HeadPose fit(FaceLandmarks lm) {
        return fit(cameraPoints(lm));
    }

    /** Fits to camera-frame target points, 3 per vertex. */
    public HeadPose fit(double[] target) {
        double[] src = mesh.vertices();
        int n = mesh.vertexCount();
        double wSum = 0;
        double[] ms = new double[3], mt = new double[3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                ms[k] += weights[i] * src[3 * i + k];
                mt[k] += weights[i] * target[3 * i + k];
            }
            wSum += weights[i];
        }
        for (int k = 0; k < 3; k++) {
            ms[k] /= wSum;
            mt[k] /= wSum;
        }
        double[][] s = new double[3][3];
        double srcVar = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            for (int a = 0; a < 3; a++) {
                double xa = src[3 * i + a] - ms[a];
                srcVar += w * xa * xa;
                for (int b = 0; b < 3; b++) {
                    s[a][b] += w * xa * (target[3 * i + b] - mt[b]);
                }
            }
        }
        double[] q = largestEigenvector(hornMatrix(s));
        double[] r = rotation(q);
        double num = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                num += r[3 * b + a] * s[a][b]; // sum_i w (y_i . R x_i) = trace(R S)
            }
        }
        double scale = num / srcVar;
        double[] t = new double[3];
        for (int a = 0; a < 3; a++) {
            t[a] = mt[a] - scale * (r[3 * a] * ms[0] + r[3 * a + 1] * ms[1] + r[3 * a + 2] * ms[2]);
        }
        HeadPose pose = new HeadPose(scale, r, t, 0);
        double err = 0;
        for (int i = 0; i < n; i++) {
            double[] p = pose.apply(src[3 * i], src[3 * i + 1], src[3 * i + 2]);
            double dx = p[0] - target[3 * i], dy = p[1] - target[3 * i + 1], dz = p[2] - target[3 * i + 2];
            err += weights[i] * (dx * dx + dy * dy + dz * dz);
        }
        return new HeadPose(scale, r, t, Math.sqrt(err / wSum));
    }

    /** The landmarks' mesh points taken back into canonical space (cm) through the pose. */
    public static double[] toCanonical(HeadPose pose, double[] cameraPoints) {
        double[] out = new double[cameraPoints.length];
        for (int i = 0; i < cameraPoints.length; i += 3) {
            double[] c = pose.unapply(cameraPoints[i], cameraPoints[i + 1], cameraPoints[i + 2]);
            System.arraycopy(c, 0, out, i, 3);
        }
        return out;
    }

    private static double[][] hornMatrix(double[][] s) {
        double sxx = s[0][0], sxy = s[0][1], sxz = s[0][2];
        double syx = s[1][0], syy = s[1][1], syz = s[1][2];
        double szx = s[2][0], szy = s[2][1], szz = s[2][2];
        return new double[][] {
            {sxx + syy + szz, syz - szy, szx - sxz, sxy - syx},
            {syz - szy, sxx - syy - szz, sxy + syx, szx + sxz},
            {szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy},
            {sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz}};
    }

    /** Cyclic Jacobi on a symmetric 4x4: the eigenvector of the largest eigenvalue. */
    static double[] largestEigenvector(double[][] m) {
        double[][] a = new double[4][];
        for (int i = 0; i < 4; i++) {
            a[i] = m[i].clone();
        }
        double[][] v = new double[4][4];
        for (int i = 0; i < 4; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = 0;
            for (int p = 0; p < 4; p++) {
                for (int q = p + 1; q < 4; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < 4; p++) {
                for (int q = p + 1; q < 4; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 4; k++) {
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 4; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 4; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++) {
            if (a[i][i] > a[best][best]) {
                best = i;
            }
        }
        return new double[] {v[0][best], v[1][best], v[2][best], v[3][best]};
    }

    private static double[] rotation(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        return new double[] {
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)};
    }
}
