package org.dmask.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** The 478-point landmark model on a 256x256 crop of a face region. */
public final class FaceLandmarker {

    public static final String MODEL = "face-landmarks-478";
    static final int SIDE = 256;

    private final OrtSession session;

    public FaceLandmarker(OrtSession session) {
        this.session = session;
    }

    public FaceLandmarks landmarks(BgrImage frame, RotatedRect region) {
        float[] crop = CropSampler.rgb01(frame, region, SIDE, false);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(crop), new long[] {1, SIDE, SIDE, 3});
                OrtSession.Result r = session.run(Map.of("input_12", in))) {
            float[] raw = ((float[][][][]) r.get("Identity").orElseThrow().getValue())[0][0][0];
            float logit = ((float[][][][]) r.get("Identity_1").orElseThrow().getValue())[0][0][0][0];
            double[] xyz = new double[FaceLandmarks.COUNT * 3];
            double zScale = region.size() / SIDE;
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                double[] p = region.toFrame(raw[3 * i], raw[3 * i + 1], SIDE, false);
                xyz[3 * i] = p[0];
                xyz[3 * i + 1] = p[1];
                xyz[3 * i + 2] = raw[3 * i + 2] * zScale;
            }
            return new FaceLandmarks(xyz, 1 / (1 + Math.exp(-logit)), region);
        } catch (OrtException e) {
            throw new IllegalStateException("face landmark model failed: " + e.getMessage(), e);
        }
    }
}
