package org.dmask.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.dmask.face.BgrImage;
import org.dmask.model.ModelRegistry;

/**
 * ArcFace-style face embedding, for measuring re-identification only: never on the serving path (the model's
 * origin is unclear, see models/MODELS.md). The face is aligned to the 112×112 ArcFace template by a similarity
 * fitted to four of the face detector's keypoints (eyes, nose tip, mouth centre), fed as RGB (x − 127)/128, and the 512-d output is L2-normalised.
 */
public final class FaceEmbedder {

    /** Manifest name of the evaluation-only embedding model. */
    public static final String MODEL = "arcface-eval";
    static final int SIZE = 112;
    /**
     * The standard ArcFace template, eye (image left), eye (image right), nose tip, with its two mouth corners
     * averaged into the mouth centre that BlazeFace gives.
     */
    static final double[] TEMPLATE = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366,
        (41.5493 + 70.7299) / 2, (92.3655 + 92.2041) / 2};

    private final OrtSession session;

    public FaceEmbedder(OrtSession session) {
        this.session = session;
    }

    public static FaceEmbedder load(ModelRegistry models) {
        return new FaceEmbedder(models.session(MODEL));
    }

    /**
     * The unit-length embedding of the face whose detector keypoints ({@link org.dmask.face.FaceDetection}: two eyes,
     * nose tip, mouth centre, then the ears, which are not used) are given.
     */
    public float[] embed(BgrImage frame, double[] keypoints) {
        float[] input = aligned(frame, keypoints);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, SIZE, SIZE});
                OrtSession.Result result = session.run(Map.of("input", tensor))) {
            float[] v = ((float[][]) result.get(0).getValue())[0];
            return normalised(v);
        } catch (OrtException e) {
            throw new IllegalStateException("face embedding failed: " + e.getMessage(), e);
        }
    }

    public static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** NCHW RGB (x − 127)/128 of the face warped onto the template. */
    static float[] aligned(BgrImage frame, double[] keypoints) {
        SimilarityTransform back = SimilarityTransform.fit(TEMPLATE, ordered(keypoints));
        float[] t = new float[3 * SIZE * SIZE];
        byte[] px = frame.bgr();
        for (int v = 0; v < SIZE; v++) {
            for (int u = 0; u < SIZE; u++) {
                double[] p = back.apply(u, v);
                for (int c = 0; c < 3; c++) {
                    // BGR source channel 2 - c gives RGB plane c
                    t[c * SIZE * SIZE + v * SIZE + u] = (bilinear(px, frame.width(), frame.height(), p[0], p[1],
                            2 - c) - 127f) / 128f;
                }
            }
        }
        return t;
    }

    /** The template's four points from the keypoints, the eyes sorted left to right in the image. */
    static double[] ordered(double[] k) {
        double[] o = java.util.Arrays.copyOf(k, TEMPLATE.length);
        if (o[0] > o[2]) {
            swap(o, 0, 2);
        }
        return o;
    }

    private static void swap(double[] o, int i, int j) {
        double x = o[i], y = o[i + 1];
        o[i] = o[j];
        o[i + 1] = o[j + 1];
        o[j] = x;
        o[j + 1] = y;
    }

    /** Bilinear sample at pixel coordinates (integer = pixel centre), black outside the frame. */
    static float bilinear(byte[] bgr, int w, int h, double x, double y, int c) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double ax = x - x0, ay = y - y0;
        return (float) ((1 - ay) * ((1 - ax) * at(bgr, w, h, x0, y0, c) + ax * at(bgr, w, h, x0 + 1, y0, c))
                + ay * ((1 - ax) * at(bgr, w, h, x0, y0 + 1, c) + ax * at(bgr, w, h, x0 + 1, y0 + 1, c)));
    }

    private static int at(byte[] bgr, int w, int h, int x, int y, int c) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : bgr[(y * w + x) * 3 + c] & 0xff;
    }

    private static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (float) (v[i] / n);
        }
        return o;
    }
}
