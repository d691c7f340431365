package org.dmask.mask.pipeline;

import org.dmask.mask.MaskMode;
import org.dmask.mask.avatar.AvatarFrame;
import org.dmask.mask.avatar.AvatarMesh;
import org.dmask.mask.avatar.EyeMotion;
import org.dmask.mask.avatar.Pose;
import org.dmask.mask.avatar.Rotations;
import org.dmask.mask.eye.EyeLimits;
import org.dmask.mask.eye.EyeResponse;
import org.dmask.mask.eye.GazeReadback;

import java.util.concurrent.atomic.LongAdder;
import org.dmask.face.ClipAnalysis;
import org.dmask.face.EyeSignalCalculator;

/**
 * Turns a frame's measurements into what the generic face does, keeping only motion relative to the subject:
 * <ul>
 * <li>pose in {@code full} mode: only motion relative to the subject's own habits carries over. The generic face
 * sits at the centre of the frame, {@value #FACE_HEIGHT_SHARE} of its height at the clip's median distance; each
 * frame's rotation is taken relative to the clip's median orientation, its position relative to the clip's median
 * position (rescaled to the generic face) and its scale relative to the median scale. So the subject's face size,
 * where they sit in the picture and how they habitually hold their head are not carried: measured with ArcFace,
 * absolute pose let masks of the same person be matched against each other (conformance/mask-evaluation.md);</li>
 * <li>pose in {@code face} mode: where the face is and how large, as measured, since the avatar must cover the face
 * in the original frame; its rotation, like full mode's, relative to the clip's median orientation, so how the
 * subject habitually holds the head is not carried. (With the measured rotation and eyes, face-mode masks of one
 * person matched each other 60.4% of the time, chance being 20%; with the habits out, 22.9%, while the
 * surroundings alone, the face box removed, match 18.8%: conformance/mask-evaluation.md.)</li>
 * <li>expression: the landmarks' offset from the subject's own neutral shape, applied to the generic mesh;</li>
 * <li>eyes: the generic eye posed so that the face analysis reads on it what it read on the patient
 * ({@link EyeResponse}): gaze angles (eye in head) and lid margins (in the subject's eye widths) go
 * through the measured response of the generic eye, so the masked video re-analysed gives the original's
 * signals, not a compressed copy of them;</li>
 * <li>eyes, in both modes: like the head, relative to the subject's habits. The clip's median gaze and lid
 * level of both eyes together are taken out (every movement, blink and the difference between the eyes stay), and
 * so is the median deviation between the eyes when it is within what {@value #DEVIATION_PIXELS} pixels of iris
 * position can make at the clip's eye size ({@link #deviationDeadbandDeg}). Why: on the small faces of the ASL
 * clips (eyeball radius about 3 px) the analysis reads a habitual deviation between -4° and -33° where nobody
 * squints, and drawn faithfully that bias let masks of one person be matched again (47.9% mask against mask; 14.6%
 * with the deviation taken out; conformance/mask-evaluation.md). On a close-up examination video (eyeball radius
 * 20 px or more) the deadband is under 6°, so a manifest strabismus is drawn as measured.</li>
 * </ul>
 */
public final class AvatarMapper {

    public static final float FACE_HEIGHT_SHARE = 0.5f;
    /** A habitual deviation between the eyes within what this many pixels of iris shift make is not drawn. */
    static final double DEVIATION_PIXELS = 2;
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
    /** Per eye, the habitual readings (gazeH, gazeV, mrd1, mrd2) taken out of every frame. */
    private final float[] habitualRight;
    private final float[] habitualLeft;
    /** Per eye, the clip's open fissure height ({@link AnalysisFile#openFissures}); NaN: unknown. */
    private final float[] openFissures;
    /** Frames mapped, and per eye and signal those drawn at the generic eye's limit ({@link EyeLimits}). */
    private final LongAdder tracked = new LongAdder();
    private final LongAdder[] atLimit = new LongAdder[2 * EyeResponse.SIGNALS.length];

    /**
     * @param neutral     the subject's neutral shape (canonical, 468×3); null when no frame was tracked
     * @param medianScale the clip's median pose scale
     * @param medianPosition the clip's median face position in the image (x, y)
     * @param medianRotation the clip's median head orientation (row-major rotation)
     * @param medianEyes  the clip's median eye readings: right gazeH, gazeV, mrd1, mrd2, then the left's
     * @param openFissures each eye's open fissure height over the clip: right, left
     * @param mesh        the generic mesh (its height sets the full-mode size)
     */
    AvatarMapper(float[] neutral, double medianScale, double[] medianPosition, float[] medianRotation,
            float[] medianEyes, float[] openFissures, AvatarMesh mesh, MaskMode mode, int frameHeight) {
        this.neutral = neutral;
        this.openFissures = openFissures.clone();
        this.medianScale = medianScale;
        this.mode = mode;
        this.medianPosition = medianPosition.clone();
        this.inverseMedianRotation = Rotations.transpose(medianRotation);
        float[][] habitual = habitualEyes(medianEyes, deviationDeadbandDeg(medianScale));
        this.habitualRight = habitual[0];
        this.habitualLeft = habitual[1];
        this.referenceScale = mode == MaskMode.FULL ? FACE_HEIGHT_SHARE * frameHeight / meshHeight(mesh) : medianScale;
        for (int i = 0; i < atLimit.length; i++) {
            atLimit[i] = new LongAdder();
        }
    }

    /** What the frames mapped so far asked beyond the generic eye's range (map may run on several threads). */
    EyeLimits limits() {
        long[] n = new long[atLimit.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = atLimit[i].sum();
        }
        return new EyeLimits(tracked.sum(), n);
    }

    /**
     * What the mask takes out of each eye's readings: the conjugate part of the clip's medians beyond the generic
     * eyes' rest, and the median difference between the eyes (gaze only) where it is within the deadband. Zero
     * where the medians are unknown.
     */
    static float[][] habitualEyes(float[] medianEyes, double deadbandDeg) {
        float[][] out = new float[2][4];
        if (medianEyes == null) {
            return out;
        }
        EyeResponse response = EyeResponse.standard();
        for (int k = 0; k < 4; k++) {
            float right = medianEyes[k] - (float) response.restReading(true, k);
            float left = medianEyes[4 + k] - (float) response.restReading(false, k);
            if (!Float.isFinite(right) || !Float.isFinite(left)) {
                continue;
            }
            float conjugate = (right + left) / 2;
            boolean gaze = k < 2;
            if (gaze && Math.abs(right - left) < deadbandDeg) {
                out[0][k] = right;
                out[1][k] = left;
            } else {
                out[0][k] = conjugate;
                out[1][k] = conjugate;
            }
        }
        return out;
    }

    /**
     * The gaze angle that {@value #DEVIATION_PIXELS} pixels of iris shift make at this face size (pixels per
     * canonical unit): the analysis cannot tell a habitual deviation within it from its own bias. 90° when the eye
     * is too small to measure a turn at all.
     */
    static double deviationDeadbandDeg(double pixelsPerUnit) {
        double radiusPixels = EyeSignalCalculator.EYE_RADIUS_CM * pixelsPerUnit;
        if (!(radiusPixels > DEVIATION_PIXELS)) {
            return 90;
        }
        return Math.toDegrees(Math.asin(DEVIATION_PIXELS / radiusPixels));
    }

    public static float meshHeight(AvatarMesh mesh) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int v = 0; v < AvatarMesh.VERTEX_COUNT; v++) {
            min = Math.min(min, mesh.y(v));
            max = Math.max(max, mesh.y(v));
        }
        return max - min;
    }

    AvatarFrame map(FrameRecord r, int width, int height) {
        return map(r, width, height, 0, 0, true);
    }

    /**
     * The frame with each eye's horizontal gaze moved by a correction (degrees, in the analysis's units) before it is
     * posed ({@link GazeReadback}); counted in {@link #limits}.
     */
    AvatarFrame map(FrameRecord r, int width, int height, float correctRight, float correctLeft) {
        return map(r, width, height, correctRight, correctLeft, true);
    }

    /** The frame as drawn without corrections, for reading back; not counted in {@link #limits}. */
    AvatarFrame mapForReadback(FrameRecord r, int width, int height) {
        return map(r, width, height, 0, 0, false);
    }

    /**
     * The horizontal gaze the generic eyes are posed to read, right then left (degrees, the habitual part taken
     * out); NaN for a closed eye, both NaN for an untracked frame.
     */
    double[] wantedGazeH(FrameRecord r) {
        if (!r.tracked() || neutral == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        float[] fissure = r.fissureHeights();
        return new double[] {
            closed(fissure[0], openFissures[0]) ? Double.NaN : r.rightEye()[0] - habitualRight[0],
            closed(fissure[1], openFissures[1]) ? Double.NaN : r.leftEye()[0] - habitualLeft[0]};
    }

    private AvatarFrame map(FrameRecord r, int width, int height, float correctRight, float correctLeft,
            boolean count) {
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
            pose = new Pose((float) referenceScale * relative, Rotations.multiply(r.rotation(), inverseMedianRotation),
                    r.translateX(), r.translateY());
        }
        float[] expression = new float[FrameRecord.CANONICAL_FLOATS];
        float[] canonical = r.canonical();
        for (int i = 0; i < expression.length; i++) {
            expression[i] = clamp(canonical[i] - neutral[i], -MAX_EXPRESSION, MAX_EXPRESSION);
        }
        float[] right = r.rightEye().clone(), left = r.leftEye().clone();
        float[] fissure = r.fissureHeights();
        boolean[] closed = {closed(fissure[0], openFissures[0]), closed(fissure[1], openFissures[1])};
        for (int k = 0; k < 4; k++) {
            right[k] -= habitualRight[k];
            left[k] -= habitualLeft[k];
        }
        right[0] += correctRight;
        left[0] += correctLeft;
        boolean[][] beyond = new boolean[2][EyeResponse.SIGNALS.length];
        EyeMotion[] eyes = eyes(right, left, pose, beyond);
        if (count) {
            tracked.increment();
        }
        for (int i = 0; i < 2; i++) {
            if (closed[i]) {
                eyes[i] = closedEye(eyes[i]);
            }
            for (int k = 0; count && k < EyeResponse.SIGNALS.length; k++) {
                // A closed eye is drawn closed, not at a lid's limit (signals 2 and 3 are the lids).
                if (beyond[i][k] && !(closed[i] && k >= 2)) {
                    atLimit[EyeResponse.SIGNALS.length * i + k].increment();
                }
            }
        }
        return new AvatarFrame(width, height, true, pose, expression, eyes[0], eyes[1]);
    }

    /**
     * Whether a measured eye is closed: its fissure lower than the analysis's closed fraction of the clip's open
     * fissure ({@link ClipAnalysis#CLOSED_FRACTION}, the level a blink must reach). Such a frame is drawn closed
     * rather than through the response table: a closed generic lid reads at the table's flat bottom, so a closed
     * reading moved by full mode's habitual lid level, or by the video's coding noise, came out as a lid half open,
     * and the blink was lost (ScriptedVideoMaskTest).
     */
    static boolean closed(float fissure, float openFissure) {
        return Float.isFinite(openFissure) && openFissure > 0 && fissure < ClipAnalysis.CLOSED_FRACTION * openFissure;
    }

    /** The same eye with its lids shut (the upper lid down on the lower one, as in a blink). */
    static EyeMotion closedEye(EyeMotion eye) {
        return new EyeMotion(eye.yawDegrees(), eye.pitchDegrees(), -eye.lowerLid(), eye.lowerLid());
    }

    /**
     * Both measured eyes (gazeH, gazeV in degrees; MRD1/MRD2 proxies in the head's eye widths) as the generic eyes that
     * read the same, the generic head being drawn with this pose: right, then left.
     */
    public static EyeMotion[] eyes(float[] right, float[] left, Pose pose) {
        return eyes(right, left, pose, null);
    }

    /** {@link #eyes}, filling {@code beyond} as {@link EyeResponse#avatarEyes(float[], float[], float[], boolean[][])}. */
    static EyeMotion[] eyes(float[] right, float[] left, Pose pose, boolean[][] beyond) {
        EyeMotion[] m = EyeResponse.standard().avatarEyes(right, left, pose.rotation(), beyond);
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
