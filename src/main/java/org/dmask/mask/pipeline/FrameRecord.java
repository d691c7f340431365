package org.dmask.mask.pipeline;

import org.dmask.mask.avatar.AvatarMesh;

import java.nio.ByteBuffer;
import org.dmask.face.EyeSignals;
import org.dmask.face.FaceLandmarks;
import org.dmask.face.FrameAnalysis;
import org.dmask.face.HeadPose;

/**
 * What the first pass keeps of one frame's analysis, in a fixed-size binary record ({@value #BYTES} bytes): the
 * pose, both eyes' gaze and lid margins, the face oval in the image, both fissure heights, and the landmarks taken
 * back to canonical space (the material for the neutral shape and the expression). Never any pixel.
 *
 * @param fissureHeights right, then left: the largest lid-to-lid distance, as the analysis's blinks use it
 */
public record FrameRecord(boolean tracked, float scale, float[] rotation, float translateX, float translateY,
        float[] rightEye, float[] leftEye, FaceOval oval, float[] fissureHeights, float[] canonical) {

    static final int CANONICAL_FLOATS = AvatarMesh.VERTEX_COUNT * 3;
    /**
     * tracked, scale, rotation 9, translation 2, two eyes × (gazeH, gazeV, mrd1, mrd2), oval 5, two fissure heights,
     * canonical.
     */
    static final int HEADER_FLOATS = 1 + 1 + 9 + 2 + 8 + 5 + 2;
    /** Where the eyes' readings start in the header: right gazeH, gazeV, mrd1, mrd2, then the left's. */
    static final int FIRST_EYE_FLOAT = 1 + 1 + 9 + 2;
    /** Where the fissure heights (right, left) start in the header: after the eyes and the oval. */
    static final int FIRST_FISSURE_FLOAT = FIRST_EYE_FLOAT + 8 + 5;
    static final int FLOATS = HEADER_FLOATS + CANONICAL_FLOATS;
    static final int BYTES = FLOATS * Float.BYTES;

    static final FrameRecord UNTRACKED = new FrameRecord(false, 0, null, 0, 0, null, null, null, null, null);

    /** The record of one analysed frame; untracked when the face, its pose or either eye is not measured. */
    static FrameRecord of(FrameAnalysis a) {
        if (!a.tracked() || a.pose() == null || a.canonical() == null || !measured(a.right()) || !measured(a.left())) {
            return UNTRACKED;
        }
        HeadPose p = a.pose();
        if (!(p.scale() > 0) || !Double.isFinite(p.scale())) {
            return UNTRACKED;
        }
        float[] rotation = new float[9];
        for (int i = 0; i < 9; i++) {
            rotation[i] = (float) p.rotation()[i];
        }
        float[] canonical = new float[CANONICAL_FLOATS];
        for (int i = 0; i < CANONICAL_FLOATS; i++) {
            canonical[i] = (float) a.canonical()[i];
        }
        return new FrameRecord(true, (float) p.scale(), rotation, (float) p.imageX(), (float) p.imageY(),
                eye(a.right()), eye(a.left()), oval(a.landmarks()),
                new float[] {(float) a.right().fissureHeight(), (float) a.left().fissureHeight()}, canonical);
    }

    private static boolean measured(EyeSignals s) {
        return Double.isFinite(s.gazeH()) && Double.isFinite(s.gazeV()) && Double.isFinite(s.mrd1())
                && Double.isFinite(s.mrd2());
    }

    private static float[] eye(EyeSignals s) {
        return new float[] {(float) s.gazeH(), (float) s.gazeV(), (float) s.mrd1(), (float) s.mrd2()};
    }

    /**
     * How far the face oval reaches past the outermost mesh landmark, as a factor on its radii. The mesh stops at
     * the hairline, the jaw and in front of the ears; an oval just 5% past it left the hair at the temples and the
     * cheeks' edge to the original, and face mode re-identified 26.4% mask against mask (chance 20%). At 15% it
     * was 17.4%, at 30% 19.4% (`conformance/mask-evaluation.md`, 2026-12-06 late).
     */
    static final double OVAL_MARGIN = 1.15;

    /**
     * The ellipse around all mesh landmarks: axes from their principal directions, grown until every landmark lies
     * inside, then by {@link #OVAL_MARGIN}, so the whole face and its outline are inside the oval.
     */
    static FaceOval oval(FaceLandmarks lm) {
        int n = FaceLandmarks.MESH;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += lm.x(i);
            my += lm.y(i);
        }
        mx /= n;
        my /= n;
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = lm.x(i) - mx, dy = lm.y(i) - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        double c = Math.cos(angle), s = Math.sin(angle);
        double ru = 1e-3, rv = 1e-3;
        for (int i = 0; i < n; i++) {
            double dx = lm.x(i) - mx, dy = lm.y(i) - my;
            ru = Math.max(ru, Math.abs(dx * c + dy * s));
            rv = Math.max(rv, Math.abs(-dx * s + dy * c));
        }
        double grow = 1;
        for (int i = 0; i < n; i++) {
            double dx = lm.x(i) - mx, dy = lm.y(i) - my;
            double u = (dx * c + dy * s) / ru, v = (-dx * s + dy * c) / rv;
            grow = Math.max(grow, Math.sqrt(u * u + v * v));
        }
        grow *= OVAL_MARGIN;
        return new FaceOval((float) mx, (float) my, (float) (ru * grow), (float) (rv * grow),
                (float) Math.toDegrees(angle));
    }

    void writeTo(ByteBuffer b) {
        b.putFloat(tracked ? 1 : 0);
        if (!tracked) {
            for (int i = 1; i < FLOATS; i++) {
                b.putFloat(0);
            }
            return;
        }
        b.putFloat(scale);
        for (float r : rotation) {
            b.putFloat(r);
        }
        b.putFloat(translateX).putFloat(translateY);
        for (float v : rightEye) {
            b.putFloat(v);
        }
        for (float v : leftEye) {
            b.putFloat(v);
        }
        b.putFloat(oval.centreX()).putFloat(oval.centreY()).putFloat(oval.radiusX()).putFloat(oval.radiusY())
                .putFloat(oval.rotationDegrees());
        b.putFloat(fissureHeights[0]).putFloat(fissureHeights[1]);
        for (float v : canonical) {
            b.putFloat(v);
        }
    }

    static FrameRecord readFrom(ByteBuffer b) {
        if (b.getFloat() == 0) {
            return UNTRACKED;
        }
        float scale = b.getFloat();
        float[] rotation = new float[9];
        for (int i = 0; i < 9; i++) {
            rotation[i] = b.getFloat();
        }
        float tx = b.getFloat(), ty = b.getFloat();
        float[] right = {b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat()};
        float[] left = {b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat()};
        FaceOval oval = new FaceOval(b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat(), b.getFloat());
        float[] fissure = {b.getFloat(), b.getFloat()};
        float[] canonical = new float[CANONICAL_FLOATS];
        b.asFloatBuffer().get(canonical);
        return new FrameRecord(true, scale, rotation, tx, ty, right, left, oval, fissure, canonical);
    }
}
