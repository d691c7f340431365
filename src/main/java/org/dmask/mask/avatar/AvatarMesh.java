package org.dmask.mask.avatar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * MediaPipe's canonical face mesh as the renderer uses it: 468 vertices (a vertex index is a landmark index) in
 * floats, and the triangles. Built from {@code face}'s {@link org.dmask.face.CanonicalMesh}, which reads the OBJ
 * file; there is one parser. Axes: x towards the image's right for a face looking at the camera, y up, z towards the
 * viewer; units are about centimetres.
 */
public record AvatarMesh(float[] positions, int[] triangles) {

    public static final int VERTEX_COUNT = 468;

    public AvatarMesh {
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

    /** Reads the OBJ file with face's parser; a file that cannot be read or parsed is an UncheckedIOException. */
    public static AvatarMesh load(Path obj) {
        try {
            return of(org.dmask.face.CanonicalMesh.read(obj));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the canonical mesh " + obj, e);
        }
    }

    /** The GPU-side copy of the face package's mesh: the same vertices in floats, the same triangles. */
    public static AvatarMesh of(org.dmask.face.CanonicalMesh face) {
        double[] vertices = face.vertices();
        float[] positions = new float[vertices.length];
        for (int i = 0; i < vertices.length; i++) {
            positions[i] = (float) vertices[i];
        }
        return new AvatarMesh(positions, face.triangles().clone());
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
