package org.dmask.mask.avatar;

/**
 * One eye of the generic face, derived from the canonical mesh's eye-ring landmarks: the socket centre, the
 * eyeball and iris sizes, the lid-margin vertices that a measured lid position moves, and the folds beyond them.
 *
 * <p>Sizes follow the eye's width (corner to corner), in adult proportions: iris radius 0.225 of the width
 * (5.85 mm on 26 mm). The eyeball is a little wider than the opening (radius 0.52 of the width) so that it
 * fills the opening at any gaze; its front sits just behind the lid margins.
 */
public final class GenericEye {

    static final float IRIS_RADIUS_PER_WIDTH = 0.225f;
    static final float EYEBALL_RADIUS_PER_WIDTH = 0.52f;
    static final float PUPIL_RADIUS_PER_IRIS = 0.4f;
    /** How far the eyeball's front sits behind the lid margins, and the lids above the globe, per eye width. */
    static final float LID_CLEARANCE_PER_WIDTH = 0.02f;
    /** How far closed lids overlap, in iris radii, so no sliver of eye shows between them. */
    static final float CLOSED_OVERLAP = 0.06f;

    final int outerCorner;
    final int innerCorner;
    final int[] upperMargin;
    final int[] lowerMargin;
    /** The next ring of the mesh out from each margin, vertex for vertex: the lid's skin fold. */
    final int[] upperFold;
    final int[] lowerFold;
    public final float centreX;
    public final float centreY;
    final float centreZ;
    public final float width;
    public final float irisRadius;
    public final float eyeballRadius;
    final float lidClearance;
    /** Per margin vertex: its height above the corner line as a share of the middle vertex's (lid shape). */
    private final float[] upperShape;
    private final float[] lowerShape;
    /** Per fold vertex: the least signed height it keeps beyond its margin vertex ({@link #keepFold}). */
    private final float[] upperFoldGap;
    private final float[] lowerFoldGap;
    private final float cornerLineAtCentre;

    /** MediaPipe's eye contour of the subject's right eye (image left): corners 33 and 133, margins top and bottom. */
    public static GenericEye right(AvatarMesh mesh) {
        return new GenericEye(mesh, 33, 133, new int[] {246, 161, 160, 159, 158, 157, 173},
                new int[] {7, 163, 144, 145, 153, 154, 155}, new int[] {247, 30, 29, 27, 28, 56, 190},
                new int[] {25, 110, 24, 23, 22, 26, 112}, 159, 145);
    }

    /** The subject's left eye: corners 263 and 362, the mirror of the right eye's contour. */
    public static GenericEye left(AvatarMesh mesh) {
        return new GenericEye(mesh, 263, 362, new int[] {466, 388, 387, 386, 385, 384, 398},
                new int[] {249, 390, 373, 374, 380, 381, 382}, new int[] {467, 260, 259, 257, 258, 286, 414},
                new int[] {255, 339, 254, 253, 252, 256, 341}, 386, 374);
    }

    private GenericEye(AvatarMesh mesh, int outerCorner, int innerCorner, int[] upperMargin, int[] lowerMargin,
            int[] upperFold, int[] lowerFold, int upperMiddle, int lowerMiddle) {
        this.outerCorner = outerCorner;
        this.innerCorner = innerCorner;
        this.upperMargin = upperMargin;
        this.lowerMargin = lowerMargin;
        this.upperFold = upperFold;
        this.lowerFold = lowerFold;
        this.width = Math.abs(mesh.x(innerCorner) - mesh.x(outerCorner));
        this.centreX = (mesh.x(outerCorner) + mesh.x(innerCorner)) / 2;
        this.centreY = (mesh.y(upperMiddle) + mesh.y(lowerMiddle)) / 2;
        this.irisRadius = IRIS_RADIUS_PER_WIDTH * width;
        this.eyeballRadius = EYEBALL_RADIUS_PER_WIDTH * width;
        this.lidClearance = LID_CLEARANCE_PER_WIDTH * width;
        float marginFront = (mesh.z(upperMiddle) + mesh.z(lowerMiddle)) / 2;
        this.centreZ = marginFront - lidClearance - eyeballRadius;
        this.cornerLineAtCentre = cornerLine(mesh, centreX);
        this.upperShape = shape(mesh, upperMargin, upperMiddle);
        this.lowerShape = shape(mesh, lowerMargin, lowerMiddle);
        this.upperFoldGap = foldGap(mesh, upperMargin, upperFold);
        this.lowerFoldGap = foldGap(mesh, lowerMargin, lowerFold);
        if (!(mesh.y(upperMiddle) > centreY && mesh.y(lowerMiddle) < centreY)) {
            throw new IllegalArgumentException("eye-ring landmarks do not match the canonical mesh");
        }
    }

    private float[] shape(AvatarMesh mesh, int[] margin, int middle) {
        float middleHeight = mesh.y(middle) - cornerLine(mesh, mesh.x(middle));
        float[] shape = new float[margin.length];
        for (int i = 0; i < margin.length; i++) {
            shape[i] = (mesh.y(margin[i]) - cornerLine(mesh, mesh.x(margin[i]))) / middleHeight;
        }
        return shape;
    }

    /** Height of the straight line through the two canonical corners at x. */
    private float cornerLine(AvatarMesh mesh, float x) {
        float x0 = mesh.x(outerCorner);
        float x1 = mesh.x(innerCorner);
        float t = (x - x0) / (x1 - x0);
        return mesh.y(outerCorner) + t * (mesh.y(innerCorner) - mesh.y(outerCorner));
    }

    /**
     * Moves the lid-margin vertices in {@code positions} (canonical frame, x/y/z interleaved) to the measured
     * lid heights, keeping each lid's generic shape, and keeps every vertex over the eyeball outside it.
     */
    public void placeLids(AvatarMesh mesh, float[] positions, EyeMotion motion) {
        // The margins are measured from the iris centre (MRD1/MRD2), which rides up and down with vertical gaze:
        // place them from where the iris is drawn, not from the socket centre, or a look up reads as a drooping lid.
        float irisY = centreY + eyeballRadius * (float) Math.sin(Math.toRadians(motion.pitchDegrees()));
        float upperTarget = irisY + motion.upperLid() * irisRadius;
        float lowerTarget = irisY - motion.lowerLid() * irisRadius;
        if (motion.closed()) {
            float middle = (upperTarget + lowerTarget) / 2;
            middle = Math.max(Math.min(middle, centreY + irisRadius), centreY - irisRadius);
            upperTarget = middle - CLOSED_OVERLAP * irisRadius;
            lowerTarget = middle + CLOSED_OVERLAP * irisRadius;
        }
        moveMargin(mesh, positions, upperMargin, upperShape, upperTarget);
        moveMargin(mesh, positions, lowerMargin, lowerShape, lowerTarget);
        keepFold(positions, upperMargin, upperFold, upperFoldGap);
        keepFold(positions, lowerMargin, lowerFold, lowerFoldGap);
        keepOutsideEyeball(positions);
    }

    private void moveMargin(AvatarMesh mesh, float[] positions, int[] margin, float[] shape, float middleTarget) {
        float middleHeight = middleTarget - cornerLineAtCentre;
        for (int i = 0; i < margin.length; i++) {
            int v = margin[i];
            positions[v * 3 + 1] = cornerLine(mesh, mesh.x(v)) + shape[i] * middleHeight;
        }
    }

    /** A lid opened wide keeps at least this share of its canonical fold above (or below) its margin. */
    static final float MIN_FOLD_SHARE = 0.4f;

    /**
     * A margin opened past its fold pushes the fold ahead of it, so the lid's skin stretches instead of folding
     * over itself. Without this an upper lid stopped where the next ring sits (about 1.0 iris radii above the iris
     * centre; it read no wider than 6.1-6.4 mm): the mesh crumpled there and the eye landmark model read the crease,
     * so a retracted lid, as in thyroid eye disease, was drawn as a normal one (conformance/mask-evaluation.md). A
     * fold is never pulled in.
     */
    private static void keepFold(float[] positions, int[] margin, int[] fold, float[] gap) {
        for (int i = 0; i < margin.length; i++) {
            float least = positions[margin[i] * 3 + 1] + gap[i];
            int y = fold[i] * 3 + 1;
            positions[y] = gap[i] < 0 ? Math.min(positions[y], least) : Math.max(positions[y], least);
        }
    }

    private static float[] foldGap(AvatarMesh mesh, int[] margin, int[] fold) {
        float[] gap = new float[margin.length];
        for (int i = 0; i < margin.length; i++) {
            gap[i] = MIN_FOLD_SHARE * (mesh.y(fold[i]) - mesh.y(margin[i]));
        }
        return gap;
    }

    /** A lid slides over the globe: any vertex in front of the eyeball's disc is pushed out to clear it. */
    private void keepOutsideEyeball(float[] positions) {
        float r2 = eyeballRadius * eyeballRadius;
        for (int v = 0; v < positions.length / 3; v++) {
            float dx = positions[v * 3] - centreX;
            float dy = positions[v * 3 + 1] - centreY;
            float d2 = dx * dx + dy * dy;
            if (d2 < r2) {
                float surface = centreZ + (float) Math.sqrt(r2 - d2) + lidClearance;
                if (positions[v * 3 + 2] < surface && positions[v * 3 + 2] > centreZ) {
                    positions[v * 3 + 2] = surface;
                }
            }
        }
    }

    /** True when all three vertices lie on this eye's ring: such a triangle covers the opening. */
    public boolean coversOpening(int a, int b, int c) {
        return onRing(a) && onRing(b) && onRing(c);
    }

    private boolean onRing(int v) {
        if (v == outerCorner || v == innerCorner) {
            return true;
        }
        for (int m : upperMargin) {
            if (m == v) {
                return true;
            }
        }
        for (int m : lowerMargin) {
            if (m == v) {
                return true;
            }
        }
        return false;
    }

    /** cos of the iris's and the pupil's angular radius on the eyeball, for the fragment shader. */
    public float cosIrisAngle() {
        return (float) Math.cos(Math.asin(irisRadius / eyeballRadius));
    }

    public float cosPupilAngle() {
        return (float) Math.cos(Math.asin(PUPIL_RADIUS_PER_IRIS * irisRadius / eyeballRadius));
    }
}
