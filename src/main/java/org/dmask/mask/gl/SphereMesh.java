package org.dmask.mask.gl;

/**
 * A unit sphere as latitude rings around the +z axis, which is where an eyeball looks: its normal equals its
 * position, and the fragment shader colours pupil, iris and sclera by the angle from +z.
 */
final class SphereMesh {

    final float[] vertices;
    final int[] triangles;

    SphereMesh(int rings, int segments) {
        vertices = new float[(rings + 1) * (segments + 1) * 6];
        int v = 0;
        for (int ring = 0; ring <= rings; ring++) {
            double polar = Math.PI * ring / rings;
            for (int segment = 0; segment <= segments; segment++) {
                double azimuth = 2 * Math.PI * segment / segments;
                float x = (float) (Math.sin(polar) * Math.cos(azimuth));
                float y = (float) (Math.sin(polar) * Math.sin(azimuth));
                float z = (float) Math.cos(polar);
                vertices[v++] = x;
                vertices[v++] = y;
                vertices[v++] = z;
                vertices[v++] = x;
                vertices[v++] = y;
                vertices[v++] = z;
            }
        }
        triangles = new int[rings * segments * 6];
        int t = 0;
        for (int ring = 0; ring < rings; ring++) {
            for (int segment = 0; segment < segments; segment++) {
                int a = ring * (segments + 1) + segment;
                int b = a + segments + 1;
                triangles[t++] = a;
                triangles[t++] = b;
                triangles[t++] = a + 1;
                triangles[t++] = a + 1;
                triangles[t++] = b;
                triangles[t++] = b + 1;
            }
        }
    }
}
