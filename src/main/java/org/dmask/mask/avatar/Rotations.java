package org.dmask.mask.avatar;

/** Row-major 3×3 rotation matrices, angles in degrees, right-handed (x right, y up, z towards the viewer). */
public final class Rotations {

    private Rotations() {
    }

    static float[] aboutX(float degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return new float[] {1, 0, 0, 0, c, -s, 0, s, c};
    }

    public static float[] aboutY(float degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return new float[] {c, 0, s, 0, 1, 0, -s, 0, c};
    }

    static float[] aboutZ(float degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return new float[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    public static float[] multiply(float[] a, float[] b) {
        float[] product = new float[9];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                float sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += a[row * 3 + k] * b[k * 3 + column];
                }
                product[row * 3 + column] = sum;
            }
        }
        return product;
    }

    /** The nearest rotation to a row-major 3×3 matrix, by Gram-Schmidt on its rows. */
    public static float[] orthonormalize(float[] m) {
        double[] r0 = {m[0], m[1], m[2]};
        double[] r1 = {m[3], m[4], m[5]};
        normalize(r0);
        double d = r0[0] * r1[0] + r0[1] * r1[1] + r0[2] * r1[2];
        for (int i = 0; i < 3; i++) {
            r1[i] -= d * r0[i];
        }
        normalize(r1);
        double[] r2 = {r0[1] * r1[2] - r0[2] * r1[1], r0[2] * r1[0] - r0[0] * r1[2], r0[0] * r1[1] - r0[1] * r1[0]};
        return new float[] {(float) r0[0], (float) r0[1], (float) r0[2], (float) r1[0], (float) r1[1], (float) r1[2],
                (float) r2[0], (float) r2[1], (float) r2[2]};
    }

    private static void normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (n == 0) {
            throw new IllegalArgumentException("degenerate rotation");
        }
        for (int i = 0; i < 3; i++) {
            v[i] /= n;
        }
    }

    /** The transpose (the inverse of a rotation). */
    public static float[] transpose(float[] m) {
        return new float[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
    }
}
