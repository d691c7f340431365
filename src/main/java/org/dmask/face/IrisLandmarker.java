package org.dmask.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The iris model on a 64x64 crop of one eye. The network only knows the subject's right eye (on the image's left),
 * so the other eye is mirrored going in and its points mirrored back coming out.
 */
public final class IrisLandmarker {

    public static final String MODEL = "iris";
    static final int SIDE = 64;
    /** Crop side as a multiple of the eye-corner distance. */
    static final double SCALE = 2.3;

    private final OrtSession session;

    public IrisLandmarker(OrtSession session) {
        this.session = session;
    }

    /** The subject's right eye (image left): corners 33 and 133 of the mesh. */
    public EyeLandmarks rightEye(BgrImage frame, FaceLandmarks lm) {
        return eye(frame, lm, FaceLandmarks.RIGHT_EYE_OUTER, FaceLandmarks.RIGHT_EYE_INNER, false);
    }

    /** The subject's left eye (image right): corners 263 and 362, mirrored. */
    public EyeLandmarks leftEye(BgrImage frame, FaceLandmarks lm) {
        return eye(frame, lm, FaceLandmarks.LEFT_EYE_OUTER, FaceLandmarks.LEFT_EYE_INNER, true);
    }

    private EyeLandmarks eye(BgrImage frame, FaceLandmarks lm, int outer, int inner, boolean mirror) {
        // The eye line runs image-left to image-right, so the crop is level; mirroring then flips it for the network.
        int a = mirror ? inner : outer;
        int b = mirror ? outer : inner;
        EyeLandmarks first = run(frame, crop(lm.x(a), lm.y(a), lm.x(b), lm.y(b)), mirror);
        // The 192-pixel mesh places the eye corners with a jitter that moves the crop, and the lids read in it, from
        // frame to frame; the iris model's own corners are found at full resolution. Cropping again around them
        // steadies the lids.
        int ca = mirror ? INNER_CORNER : OUTER_CORNER;
        int cb = mirror ? OUTER_CORNER : INNER_CORNER;
        RotatedRect mesh = first.crop();
        RotatedRect own = crop(first.cx(ca), first.cy(ca), first.cx(cb), first.cy(cb));
        EyeLandmarks second = run(frame, new RotatedRect(own.cx(), own.cy(), mesh.size(), own.angle()), mirror);
        return new EyeLandmarks(second.contour(), first.iris(), second.crop());
    }

    /** Contour points of the eye corners, in the iris model's order. */
    static final int OUTER_CORNER = 0;
    static final int INNER_CORNER = 8;

    private static RotatedRect crop(double ax, double ay, double bx, double by) {
        double angle = Math.atan2(by - ay, bx - ax);
        double dist = Math.hypot(bx - ax, by - ay);
        return new RotatedRect((ax + bx) / 2, (ay + by) / 2, SCALE * dist, angle);
    }

    private EyeLandmarks run(BgrImage frame, RotatedRect rect, boolean mirror) {
        float[] crop = CropSampler.rgb01(frame, rect, SIDE, mirror);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(crop), new long[] {1, SIDE, SIDE, 3});
                OrtSession.Result r = session.run(Map.of("input_1", in))) {
            float[] raw = ((float[][][][]) r.get(0).getValue())[0][0][0];
            double[] contour = new double[EyeLandmarks.CONTOUR * 2];
            double[] iris = new double[10];
            for (int i = 0; i < 76; i++) {
                double[] p = rect.toFrame(raw[3 * i], raw[3 * i + 1], SIDE, mirror);
                double[] dst = i < EyeLandmarks.CONTOUR ? contour : iris;
                int j = i < EyeLandmarks.CONTOUR ? i : i - EyeLandmarks.CONTOUR;
                dst[2 * j] = p[0];
                dst[2 * j + 1] = p[1];
            }
            return new EyeLandmarks(contour, iris, rect);
        } catch (OrtException e) {
            throw new IllegalStateException("iris model failed: " + e.getMessage(), e);
        }
    }
}
