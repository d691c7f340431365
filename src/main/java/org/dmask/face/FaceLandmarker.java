package org.dmask.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * MediaPipe's 468-point face mesh on a 192x192 crop of a face region. The eyes' fine detail (lids, iris) comes from
 * {@link IrisLandmarker} at full resolution, so the mesh needs no iris points of its own.
 */
public final class FaceLandmarker {

    public static final String MODEL = "face-landmarks-468";
    static final int SIDE = 192;

    private final OrtSession session;

    public FaceLandmarker(OrtSession session) {
        this.session = session;
    }

    public FaceLandmarks landmarks(BgrImage frame, RotatedRect region) {
        float[] crop = CropSampler.rgb01(frame, region, SIDE, false);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(crop), new long[] {1, SIDE, SIDE, 3});
                OrtSession.Result r = session.run(Map.of("input_1", in))) {
            FloatBuffer raw = output(r, "Identity_2", FaceLandmarks.COUNT * 3);
            // The graph ends the face flag in a sigmoid: it is already a probability.
            double presence = output(r, "Identity_1", 1).get(0);
            double[] xyz = new double[FaceLandmarks.COUNT * 3];
            double zScale = region.size() / SIDE;
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                double[] p = region.toFrame(raw.get(3 * i), raw.get(3 * i + 1), SIDE, false);
                xyz[3 * i] = p[0];
                xyz[3 * i + 1] = p[1];
                xyz[3 * i + 2] = raw.get(3 * i + 2) * zScale;
            }
            return new FaceLandmarks(xyz, presence, region);
        } catch (OrtException e) {
            throw new IllegalStateException("face landmark model failed: " + e.getMessage(), e);
        }
    }

    private static FloatBuffer output(OrtSession.Result r, String name, int size) {
        FloatBuffer b = ((OnnxTensor) r.get(name).orElseThrow(
                () -> new IllegalStateException("face landmark model output " + name + " missing"))).getFloatBuffer();
        if (b.remaining() != size) {
            throw new IllegalStateException("face landmark output " + name + " has " + b.remaining()
                    + " values, expected " + size);
        }
        return b;
    }
}
