package org.dmask.mask.avatar;

/**
 * The few drawn features of the generic face: the lash lines along both lid margins and the brows, as a tone per
 * canonical vertex (0 plain skin, 1 the feature colour), the same for every patient.
 *
 * <p>Why: the eye landmark model finds a lid by its lash line. On a face of plain skin it read the generic lids at
 * about half their range, and a closed eye (skin meeting skin) as half open, so blinks and a drooping lid were
 * lost in the masked video. A dark margin gives the model the edge it was trained on; the brows anchor the eye
 * region as on a real face. Nothing here comes from the patient.
 */
public final class FaceFeatures {

    /** Upper lid margins (with the corners): the lash line, the darkest feature. */
    static final float UPPER_LASH = 1f;
    /** Lower lid margins: a lighter line, as lower lashes are. */
    static final float LOWER_LASH = 0.55f;
    static final float BROW = 0.75f;

    /** Canonical landmark indices (MediaPipe face mesh) of the brows, subject's right then left. */
    static final int[] BROWS = {70, 63, 105, 66, 107, 46, 53, 52, 65, 55,
        300, 293, 334, 296, 336, 276, 283, 282, 295, 285};

    private FaceFeatures() {
    }

    /** Per canonical vertex; the lash lines follow the generic eyes' own lid margins and corners. */
    public static float[] tones(GenericEye... eyes) {
        float[] tones = new float[AvatarMesh.VERTEX_COUNT];
        for (int v : BROWS) {
            tones[v] = BROW;
        }
        for (GenericEye eye : eyes) {
            for (int v : eye.lowerMargin) {
                tones[v] = LOWER_LASH;
            }
            for (int v : eye.upperMargin) {
                tones[v] = UPPER_LASH;
            }
            tones[eye.outerCorner] = UPPER_LASH;
            tones[eye.innerCorner] = UPPER_LASH;
        }
        return tones;
    }
}
