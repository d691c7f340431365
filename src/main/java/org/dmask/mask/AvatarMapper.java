package org.dmask.mask;

/**
 * Turns a frame's measurements into what the generic face does, keeping only motion relative to the subject:
 * <ul>
 * <li>pose in {@code full} mode: only motion relative to the subject's own habits carries over. The generic face
 * sits at the centre of the frame, {@value #FACE_HEIGHT_SHARE} of its height at the clip's median distance; each
 * frame's rotation is taken relative to the clip's median orientation, its position relative to the clip's median
 * position (rescaled to the generic face) and its scale relative to the median scale. So the subject's face size,
 * where they sit in the picture and how they habitually hold their head are not carried: measured with ArcFace,
 * absolute pose let masks of the same person be matched against each other (conformance/mask-evaluation.md);</li>
 * <li>pose in {@code face} mode: as measured, at the clip's median scale, since the avatar must cover the face in
 * the original frame, whose surroundings show position and size anyway;</li>
 * <li>expression: the landmarks' offset from the subject's own neutral shape, applied to the generic mesh;</li>
 * <li>eyes: the generic eye posed so that the face analysis reads on it what it read on the patient
 * ({@link EyeResponse}): gaze angles (eye in head) and lid margins (corner distances of the subject's eye) go
 * through the measured response of the generic eye, so the masked video re-analysed gives the original's
 * signals, not a compressed copy of them.</li>
 * </ul>
 */
final class AvatarMapper {

    static final float FACE_HEIGHT_SHARE = 0.5f;
    /** Bounds against a wild fit: relative scale, expression offset (canonical units), gaze (degrees), lids. */
    private static final float MIN_RELATIVE_SCALE = 0.5f;
    private static final float MAX_RELATIVE_SCALE = 2f;
    private static final float MAX_EXPRESSION = 2f;
    private static final float MAX_GAZE = 50f;
    private static final float MAX_LID = 2.5f;

    private final float[] neutral;
    private final double medianScale;
    private final double referenceScale;
    private final MaskMode mode;
    private final double[] medianPosition;
    private final float[] inverseMedianRotation;
    /** full mode: where the subject habitually looks with both eyes together, beyond the generic eye's rest (H, V). */
    private final float[] habitualGaze;

    /**
     * @param neutral     the subject's neutral shape (canonical, 468×3); null when no frame was tracked
     * @param medianScale the clip's median pose scale
     * @param medianPosition the clip's median face position in the image (x, y)
     * @param medianRotation the clip's median head orientation (row-major rotation)
     * @param mesh        the generic mesh (its height sets the full-mode size)
     */
    AvatarMapper(float[] neutral, double medianScale, double[] medianPosition, float[] medianRotation,
            float[] medianEyes, CanonicalMesh mesh, MaskMode mode, int frameHeight) {
        this.neutral = neutral;
        this.medianScale = medianScale;
        this.mode = mode;
        this.medianPosition = medianPosition.clone();
        this.inverseMedianRotation = Rotations.transpose(medianRotation);
        this.habitualGaze = mode == MaskMode.FULL ? habitualGaze(medianEyes) : new float[4];
        this.referenceScale = mode == MaskMode.FULL ? FACE_HEIGHT_SHARE * frameHeight / meshHeight(mesh) : medianScale;
    }

    /**
     * The clip's median gaze of both eyes together, less what the generic eyes read at rest: taken out in full mode
     * as the head's habitual orientation is. The deviation between the eyes, and every movement, stay.
     */
    static float[] habitualGaze(float[] medianEyes) {
        float[] out = new float[4];
        if (medianEyes == null || Boolean.getBoolean("probe.keepgaze")) {
            return out;
        }
        EyeResponse response = EyeResponse.standard();
        for (int k = 0; k < (Boolean.getBoolean("probe.gazeonly") ? 2 : 4); k++) {
            float conjugate = (medianEyes[k] + medianEyes[4 + k]) / 2;
            float rest = (float) (response.restReading(true, k) + response.restReading(false, k)) / 2;
            out[k] = Float.isFinite(conjugate) ? conjugate - rest : 0f;
        }
        return out;
    }

    static float meshHeight(CanonicalMesh mesh) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int v = 0; v < CanonicalMesh.VERTEX_COUNT; v++) {
            min = Math.min(min, mesh.y(v));
            max = Math.max(max, mesh.y(v));
        }
        return max - min;
    }

    AvatarFrame map(FrameRecord r, int width, int height) {
        if (!r.tracked() || neutral == null) {
            return AvatarFrame.untracked(width, height);
        }
        float relative = clamp((float) (r.scale() / medianScale), MIN_RELATIVE_SCALE, MAX_RELATIVE_SCALE);
        Pose pose;
        if (mode == MaskMode.FULL) {
            double toGeneric = referenceScale / medianScale;
            pose = new Pose((float) referenceScale * relative,
                    Rotations.multiply(r.rotation(), inverseMedianRotation),
                    (float) (width / 2.0 + (r.translateX() - medianPosition[0]) * toGeneric),
                    (float) (height / 2.0 + (r.translateY() - medianPosition[1]) * toGeneric));
        } else {
            pose = new Pose((float) referenceScale * relative, r.rotation(), r.translateX(), r.translateY());
        }
        float[] expression = new float[FrameRecord.CANONICAL_FLOATS];
        float[] canonical = r.canonical();
        for (int i = 0; i < expression.length; i++) {
            expression[i] = clamp(canonical[i] - neutral[i], -MAX_EXPRESSION, MAX_EXPRESSION);
        }
        float[] right = r.rightEye().clone(), left = r.leftEye().clone();
        for (int k = 0; k < 4; k++) {
            right[k] -= habitualGaze[k];
            left[k] -= habitualGaze[k];
        }
        EyeMotion[] eyes = eyes(right, left, pose);
        return new AvatarFrame(width, height, true, pose, expression, eyes[0], eyes[1]);
    }

    /**
     * Both measured eyes (gazeH, gazeV in degrees; MRD1/MRD2 proxies in corner distances) as the generic eyes that
     * read the same, the generic head being drawn with this pose: right, then left.
     */
    static EyeMotion[] eyes(float[] right, float[] left, Pose pose) {
        EyeMotion[] m = Boolean.getBoolean("probe.nomap") ? new EyeMotion[] {
            new EyeMotion(right[0], right[1], right[2] / 0.225f, right[3] / 0.225f),
            new EyeMotion(left[0], left[1], left[2] / 0.225f, left[3] / 0.225f)}
            : EyeResponse.standard().avatarEyes(right, left, pose.rotation());
        for (int i = 0; i < m.length; i++) {
            m[i] = new EyeMotion(clamp(m[i].yawDegrees(), -MAX_GAZE, MAX_GAZE),
                    clamp(m[i].pitchDegrees(), -MAX_GAZE, MAX_GAZE), clamp(m[i].upperLid(), -MAX_LID, MAX_LID),
                    clamp(m[i].lowerLid(), -MAX_LID, MAX_LID));
        }
        return m;
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
