package org.dmask.model.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The weights of a TF.js graph model: the {@code weightsManifest} groups, each a list of shard files read back to
 * back, decoded as TF.js's loader does. Quantized weights (float16, uint8, uint16) are dequantized to float32 value
 * for value the way TF.js does it, so the converted model computes with exactly the numbers the original does.
 */
final class TfjsWeights {

    private TfjsWeights() {
    }

    static Map<String, Tensor> read(String model, JsonNode manifest, Function<String, byte[]> weightFile)
            throws ConversionException {
        if (!manifest.isArray()) {
            throw new ConversionException("model " + model + ": model.json has no weightsManifest array");
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            StringBuilder shardNames = new StringBuilder();
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (JsonNode path : group.path("paths")) {
                String name = path.asText();
                byte[] shard;
                try {
                    shard = weightFile.apply(name);
                } catch (RuntimeException e) {
                    throw new ConversionException("model " + model + ": cannot read weight file " + name + ": " + e.getMessage(), e);
                }
                if (shard == null) {
                    throw new ConversionException("model " + model + ": weight file " + name + " is missing");
                }
                joined.writeBytes(shard);
                shardNames.append(shardNames.length() == 0 ? "" : ", ").append(name);
            }
            byte[] data = joined.toByteArray();
            long needed = 0;
            for (JsonNode w : group.path("weights")) {
                needed += byteLength(model, w);
            }
            if (needed != data.length) {
                throw new ConversionException("model " + model + ": weight file(s) " + shardNames + " hold " + data.length
                        + " bytes but the weightsManifest describes " + needed + " (truncated or corrupt download?)");
            }
            ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                if (weights.put(name, decode(model, w, in)) != null) {
                    throw new ConversionException("model " + model + ": weight " + name + " appears twice in the weightsManifest");
                }
            }
        }
        return weights;
    }

    private static int[] shape(String model, JsonNode w) throws ConversionException {
        JsonNode s = w.path("shape");
        if (!s.isArray()) {
            throw new ConversionException("model " + model + ": weight " + w.path("name").asText() + " has no shape");
        }
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).asInt(-1);
            if (shape[i] < 0) {
                throw new ConversionException("model " + model + ": weight " + w.path("name").asText() + " has shape " + s);
            }
        }
        return shape;
    }

    /** The bytes one weight takes in its shard: element count times the stored (possibly quantized) element size. */
    private static long byteLength(String model, JsonNode w) throws ConversionException {
        return (long) Tensor.size(shape(model, w)) * storedElementSize(model, w);
    }

    private static int storedElementSize(String model, JsonNode w) throws ConversionException {
        JsonNode q = w.get("quantization");
        String dtype = q != null ? q.path("dtype").asText() : w.path("dtype").asText();
        return switch (dtype) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8" -> 1;
            default -> throw new ConversionException("model " + model + ": weight " + w.path("name").asText()
                    + " is stored as " + dtype + ", which dmask's converter does not read");
        };
    }

    private static Tensor decode(String model, JsonNode w, ByteBuffer in) throws ConversionException {
        String name = w.path("name").asText();
        int[] shape = shape(model, w);
        int n = Tensor.size(shape);
        String dtype = w.path("dtype").asText();
        JsonNode q = w.get("quantization");
        if (q == null) {
            if (dtype.equals("float32")) {
                float[] v = new float[n];
                in.asFloatBuffer().get(v);
                in.position(in.position() + 4 * n);
                return Tensor.floats(shape, v);
            }
            if (dtype.equals("int32")) {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = in.getInt();
                }
                return Tensor.ints(shape, v);
            }
            throw new ConversionException("model " + model + ": weight " + name + " has dtype " + dtype
                    + ", which dmask's converter does not read");
        }
        if (!dtype.equals("float32")) {
            throw new ConversionException("model " + model + ": weight " + name + " is a quantized " + dtype
                    + ", dmask's converter dequantizes only to float32");
        }
        String stored = q.path("dtype").asText();
        float[] v = new float[n];
        switch (stored) {
            case "float16" -> {
                for (int i = 0; i < n; i++) {
                    v[i] = halfToFloat(in.getShort());
                }
            }
            case "uint8", "uint16" -> {
                // TF.js: value = q * scale + min, computed in double and stored into a Float32Array.
                double scale = q.path("scale").asDouble();
                double min = q.path("min").asDouble();
                for (int i = 0; i < n; i++) {
                    int raw = stored.equals("uint8") ? Byte.toUnsignedInt(in.get()) : Short.toUnsignedInt(in.getShort());
                    v[i] = (float) (raw * scale + min);
                }
            }
            default -> throw new ConversionException("model " + model + ": weight " + name + " is quantized as " + stored
                    + ", which dmask's converter does not read");
        }
        return Tensor.floats(shape, v);
    }

    /** IEEE 754 binary16 to binary32, exact for every value (subnormals, infinities and NaN included). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float32
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
