package org.dmask.model.convert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a converted model against outputs the original TF.js runtime computed (models/reference/*.json, written by
 * tools/models/reference-outputs.mjs): runs the ONNX model in ONNX Runtime on the same synthetic input and compares
 * every stored value.
 */
public final class ReferenceCheck {

    /** The input pattern both sides compute bit for bit: integer arithmetic, one division, one rounding to float32. */
    static final String PATTERN = "tri1000";

    private ReferenceCheck() {
    }

    /**
     * @param onnx          the converted model
     * @param referenceJson a reference file: input name, shape and pattern, tolerance, and per output its name,
     *                      shape, values and (for a subset) their flat indices
     * @return the largest absolute difference over all stored values
     * @throws ConversionException naming model, output, index, expected, got and tolerance when a value is off by
     *                             more than the tolerance; or when the model or the reference cannot be read
     */
    public static double verify(byte[] onnx, byte[] referenceJson) throws ConversionException {
        JsonNode ref;
        try {
            ref = new ObjectMapper().readTree(referenceJson);
        } catch (IOException e) {
            throw new ConversionException("reference outputs are not valid JSON: " + e.getMessage(), e);
        }
        String model = ref.path("model").asText("(unnamed)");
        JsonNode input = ref.path("input");
        String pattern = input.path("pattern").asText();
        if (!pattern.equals(PATTERN)) {
            throw new ConversionException("model " + model + ": reference input pattern '" + pattern + "' is unknown (expected "
                    + PATTERN + ")");
        }
        int[] shape = intArray(input.path("shape"));
        if (shape.length != 4) {
            throw new ConversionException("model " + model + ": reference input shape " + Arrays.toString(shape) + " is not NHWC");
        }
        double tolerance = ref.path("tolerance").asDouble(Double.NaN);
        if (!(tolerance > 0)) {
            throw new ConversionException("model " + model + ": reference has no positive tolerance");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, options);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pattern(shape)), longs(shape));
                 OrtSession.Result result = session.run(Map.of(input.path("name").asText(), x))) {
                double worst = 0;
                for (JsonNode out : ref.path("outputs")) {
                    worst = Math.max(worst, compare(model, out, result, tolerance));
                }
                return worst;
            }
        } catch (OrtException e) {
            throw new ConversionException("model " + model + ": ONNX Runtime cannot run the converted model: " + e.getMessage(), e);
        }
    }

    private static double compare(String model, JsonNode out, OrtSession.Result result, double tolerance)
            throws ConversionException, OrtException {
        String name = out.path("name").asText();
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw new ConversionException("model " + model + ": the converted model has no output " + name);
        }
        long[] expectedShape = longs(intArray(out.path("shape")));
        long[] gotShape = tensor.getInfo().getShape();
        if (!Arrays.equals(expectedShape, gotShape)) {
            throw new ConversionException("model " + model + ": output " + name + " has shape " + Arrays.toString(gotShape)
                    + ", expected " + Arrays.toString(expectedShape));
        }
        FloatBuffer got = tensor.getFloatBuffer();
        JsonNode values = out.path("values");
        JsonNode indices = out.get("indices");
        double worst = 0;
        for (int k = 0; k < values.size(); k++) {
            int index = indices == null ? k : indices.get(k).asInt();
            if (index < 0 || index >= got.limit()) {
                throw new ConversionException("model " + model + ": reference index " + index + " is outside output " + name);
            }
            float expected = (float) values.get(k).asDouble();
            float actual = got.get(index);
            double error = Math.abs((double) expected - actual);
            if (!(error <= tolerance)) {
                throw new ConversionException("model " + model + ": output " + name + "[" + index + "] is " + actual
                        + ", expected " + expected + " (tolerance " + tolerance + ")");
            }
            worst = Math.max(worst, error);
        }
        return worst;
    }

    /** The reference input, NHWC: v(y, x, c) = min(m, 1000 - m) / 500 with m = (37x + 23y + 170c) mod 1000. */
    static float[] pattern(int[] nhwc) {
        int h = nhwc[1];
        int w = nhwc[2];
        int channels = nhwc[3];
        float[] v = new float[h * w * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int m = (37 * x + 23 * y + 170 * c) % 1000;
                    v[(y * w + x) * channels + c] = (float) (Math.min(m, 1000 - m) / 500.0);
                }
            }
        }
        return v;
    }

    private static int[] intArray(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }

    private static long[] longs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }
}
