package org.dmask.mask.gl;

import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.FaceFeatures;
import org.dmask.mask.avatar.GenericEye;

import java.util.Arrays;

/**
 * The generic face's surface for one frame, in the canonical frame: canonical mesh plus expression residual,
 * lids placed from the measured margins, and smooth normals recomputed from the result. The triangles over the
 * eye openings are dropped once, so the eyeballs show through.
 */
public final class AvatarGeometry {

    /** Position, normal, tone. */
    static final int FLOATS_PER_VERTEX = 7;

    final AvatarMesh mesh;
    final GenericEye rightEye;
    final GenericEye leftEye;
    private final int[] triangles;
    private final float[] tones;

    public AvatarGeometry(AvatarMesh mesh) {
        this.mesh = mesh;
        this.rightEye = GenericEye.right(mesh);
        this.leftEye = GenericEye.left(mesh);
        this.tones = FaceFeatures.tones(rightEye, leftEye);
        this.triangles = withoutEyeOpenings(mesh.triangles());
    }

    private int[] withoutEyeOpenings(int[] all) {
        int[] kept = new int[all.length];
        int count = 0;
        for (int t = 0; t < all.length; t += 3) {
            int a = all[t];
            int b = all[t + 1];
            int c = all[t + 2];
            if (!rightEye.coversOpening(a, b, c) && !leftEye.coversOpening(a, b, c)) {
                kept[count++] = a;
                kept[count++] = b;
                kept[count++] = c;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    public int[] triangles() {
        return triangles.clone();
    }

    /**
     * Interleaved position, normal and tone ({@value #FLOATS_PER_VERTEX} floats a vertex) of the face for this
     * frame, written into {@code out} (length {@value AvatarMesh#VERTEX_COUNT}·{@value #FLOATS_PER_VERTEX}).
     */
    void build(AvatarFrame frame, float[] out) {
        float[] canonical = mesh.positions();
        float[] expression = frame.expression();
        float[] positions = new float[canonical.length];
        for (int i = 0; i < canonical.length; i++) {
            positions[i] = canonical[i] + expression[i];
        }
        rightEye.placeLids(mesh, positions, frame.rightEye());
        leftEye.placeLids(mesh, positions, frame.leftEye());
        float[] normals = normals(positions);
        for (int v = 0; v < AvatarMesh.VERTEX_COUNT; v++) {
            System.arraycopy(positions, v * 3, out, v * FLOATS_PER_VERTEX, 3);
            System.arraycopy(normals, v * 3, out, v * FLOATS_PER_VERTEX + 3, 3);
            out[v * FLOATS_PER_VERTEX + 6] = tones[v];
        }
    }

    /** Area-weighted vertex normals; the mesh winds counter-clockwise seen from the front. */
    private float[] normals(float[] positions) {
        float[] normals = new float[positions.length];
        for (int t = 0; t < triangles.length; t += 3) {
            int a = triangles[t] * 3;
            int b = triangles[t + 1] * 3;
            int c = triangles[t + 2] * 3;
            float ux = positions[b] - positions[a];
            float uy = positions[b + 1] - positions[a + 1];
            float uz = positions[b + 2] - positions[a + 2];
            float vx = positions[c] - positions[a];
            float vy = positions[c + 1] - positions[a + 1];
            float vz = positions[c + 2] - positions[a + 2];
            float nx = uy * vz - uz * vy;
            float ny = uz * vx - ux * vz;
            float nz = ux * vy - uy * vx;
            for (int corner : new int[] {a, b, c}) {
                normals[corner] += nx;
                normals[corner + 1] += ny;
                normals[corner + 2] += nz;
            }
        }
        for (int i = 0; i < normals.length; i += 3) {
            float length = (float) Math.sqrt(normals[i] * normals[i] + normals[i + 1] * normals[i + 1]
                    + normals[i + 2] * normals[i + 2]);
            if (length > 0) {
                normals[i] /= length;
                normals[i + 1] /= length;
                normals[i + 2] /= length;
            } else {
                normals[i + 2] = 1;
            }
        }
        return normals;
    }
}
