package org.dmask.face;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's canonical face: 468 vertices in centimetres (x to the image's right, y up, z toward the viewer) and
 * its triangles. Vertex i is landmark i. It is the generic identity the pose is fitted to.
 */
public record CanonicalMesh(double[] vertices, int[] triangles) {

    public static final String MODEL = "canonical-face";

    public int vertexCount() {
        return vertices.length / 3;
    }

    public static CanonicalMesh read(Path obj) throws IOException {
        List<double[]> v = new ArrayList<>();
        List<int[]> f = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(obj)) {
            lineNo++;
            String[] t = line.trim().split("\\s+");
            try {
                if (t[0].equals("v")) {
                    v.add(new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])});
                } else if (t[0].equals("f")) {
                    if (t.length != 4) {
                        throw new IllegalArgumentException("only triangles expected");
                    }
                    f.add(new int[] {vertexIndex(t[1]), vertexIndex(t[2]), vertexIndex(t[3])});
                }
            } catch (RuntimeException e) {
                throw new IOException(obj + " line " + lineNo + ": not a valid OBJ vertex or face: " + line, e);
            }
        }
        if (v.size() != FaceLandmarks.MESH) {
            throw new IOException(obj + ": " + v.size() + " vertices, the canonical face has " + FaceLandmarks.MESH);
        }
        double[] vs = new double[v.size() * 3];
        for (int i = 0; i < v.size(); i++) {
            System.arraycopy(v.get(i), 0, vs, 3 * i, 3);
        }
        int[] fs = new int[f.size() * 3];
        for (int i = 0; i < f.size(); i++) {
            System.arraycopy(f.get(i), 0, fs, 3 * i, 3);
        }
        return new CanonicalMesh(vs, fs);
    }

    private static int vertexIndex(String token) {
        int slash = token.indexOf('/');
        return Integer.parseInt(slash < 0 ? token : token.substring(0, slash)) - 1;
    }
}
