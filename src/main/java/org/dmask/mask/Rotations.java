package org.dmask.mask;

/** Row-major 3×3 rotation matrices, angles in degrees, right-handed (x right, y up, z towards the viewer). */
final class Rotations {

    private Rotations() {
    }

    static float[] aboutX(float degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return new float[] {1, 0, 0, 0, c, -s, 0, s, c};
    }

    static float[] aboutY(float degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return new float[] {c, 0, s, 0, 1, 0, -s, 0, c};
    }

    static float[] aboutZ(float degrees) {
        float c = (float) Math.cos(Math.toRadians(degrees));
        float s = (float) Math.sin(Math.toRadians(degrees));
        return new float[] {c, -s, 0, s, c, 0, 0, 0, 1};
    }

    static float[] multiply(float[] a, float[] b) {
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
}
