package org.dmask.mask;

/**
 * Turns a frame's measurements into what the generic face does, keeping only motion relative to the subject:
 * <ul>
 * <li>pose: rotation and position as measured; the scale is the clip's reference scale times the frame's scale
 * relative to the clip median, so only approach/retreat carries over. In {@code full} mode the reference is fixed
 * by the frame size (the generic face is {@value #FACE_HEIGHT_SHARE} of the frame height at the median distance),
 * so the subject's face size in pixels is not carried; in {@code face} mode it is the clip's median scale, since
 * the original frame around the oval shows that size anyway and the avatar must cover the face;</li>
 * <li>expression: the landmarks' offset from the subject's own neutral shape, applied to the generic mesh;</li>
 * <li>eyes: gaze angles as measured (eye in head); lid margins from corner-distance units of the subject's eye to
 * iris radii of the generic eye.</li>
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

    /**
     * @param neutral     the subject's neutral shape (canonical, 468×3); null when no frame was tracked
     * @param medianScale the clip's median pose scale
     * @param mesh        the generic mesh (its height sets the full-mode size)
     */
    AvatarMapper(float[] neutral, double medianScale, CanonicalMesh mesh, MaskMode mode, int frameHeight) {
        this.neutral = neutral;
        this.medianScale = medianScale;
        this.referenceScale = mode == MaskMode.FULL ? FACE_HEIGHT_SHARE * frameHeight / meshHeight(mesh) : medianScale;
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
        Pose pose = new Pose((float) referenceScale * relative, r.rotation(), r.translateX(), r.translateY());
        float[] expression = new float[FrameRecord.CANONICAL_FLOATS];
        float[] canonical = r.canonical();
        for (int i = 0; i < expression.length; i++) {
            expression[i] = clamp(canonical[i] - neutral[i], -MAX_EXPRESSION, MAX_EXPRESSION);
        }
        return new AvatarFrame(width, height, true, pose, expression, eye(r.rightEye()), eye(r.leftEye()));
    }

    /** gazeH, gazeV in degrees; MRD1/MRD2 proxies in corner distances → iris radii of the generic eye. */
    static EyeMotion eye(float[] e) {
        float toIrisRadii = 1f / GenericEye.IRIS_RADIUS_PER_WIDTH;
        return new EyeMotion(clamp(e[0], -MAX_GAZE, MAX_GAZE), clamp(e[1], -MAX_GAZE, MAX_GAZE),
                clamp(e[2] * toIrisRadii, -MAX_LID, MAX_LID), clamp(e[3] * toIrisRadii, -MAX_LID, MAX_LID));
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
