package org.dmask.mask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's canonical face mesh (468 vertices; a vertex index is a landmark index), read from its OBJ file:
 * positions and triangles only. Axes: x towards the image's right for a face looking at the camera, y up,
 * z towards the viewer; units are about centimetres.
 */
public record CanonicalMesh(float[] positions, int[] triangles) {

    public static final int VERTEX_COUNT = 468;

    public CanonicalMesh {
        if (positions.length != VERTEX_COUNT * 3) {
            throw new IllegalArgumentException("canonical mesh needs " + VERTEX_COUNT + " vertices, got "
                    + positions.length / 3);
        }
        for (int index : triangles) {
            if (index < 0 || index >= VERTEX_COUNT) {
                throw new IllegalArgumentException("triangle index out of range: " + index);
            }
        }
    }

    public static CanonicalMesh load(Path obj) {
        try {
            return parse(Files.readAllLines(obj));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the canonical mesh " + obj, e);
        }
    }

    static CanonicalMesh parse(List<String> lines) {
        List<float[]> vertices = new ArrayList<>();
        List<int[]> faces = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("v")) {
                vertices.add(new float[] {Float.parseFloat(parts[1]), Float.parseFloat(parts[2]),
                        Float.parseFloat(parts[3])});
            } else if (parts[0].equals("f")) {
                if (parts.length != 4) {
                    throw new IllegalArgumentException("only triangles expected: " + line);
                }
                // "f v/vt v/vt v/vt": the vertex index before the first slash, 1-based.
                faces.add(new int[] {vertexIndex(parts[1]), vertexIndex(parts[2]), vertexIndex(parts[3])});
            }
        }
        float[] positions = new float[vertices.size() * 3];
        for (int i = 0; i < vertices.size(); i++) {
            System.arraycopy(vertices.get(i), 0, positions, i * 3, 3);
        }
        int[] triangles = new int[faces.size() * 3];
        for (int i = 0; i < faces.size(); i++) {
            System.arraycopy(faces.get(i), 0, triangles, i * 3, 3);
        }
        return new CanonicalMesh(positions, triangles);
    }

    private static int vertexIndex(String token) {
        int slash = token.indexOf('/');
        return Integer.parseInt(slash < 0 ? token : token.substring(0, slash)) - 1;
    }

    public float x(int vertex) {
        return positions[vertex * 3];
    }

    public float y(int vertex) {
        return positions[vertex * 3 + 1];
    }

    public float z(int vertex) {
        return positions[vertex * 3 + 2];
    }
}
