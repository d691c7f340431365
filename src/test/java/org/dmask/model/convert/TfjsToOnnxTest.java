package org.dmask.model.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dmask.testing.SlowTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@SlowTest
class TfjsToOnnxTest {

    static byte[] convert(String model) throws ConversionException {
        return TfjsToOnnx.convert(HumanModelsPackage.modelJson(model), HumanModelsPackage::file, model);
    }

    static byte[] reference(String model) throws Exception {
        return Files.readAllBytes(Path.of("models", "reference", model + ".json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "facemesh", "facemesh-detection-full", "facemesh-detection-short"})
    void convertedModelReproducesTfjs(String model) throws Exception {
        byte[] onnx = convert(model);
        double error = ReferenceCheck.verify(onnx, reference(model));
        System.out.printf("%s: %d bytes, sha256 %s, max abs error against TF.js %.3g%n", model, onnx.length,
                sha256(onnx), error);
        System.out.println("  " + describe(onnx));
    }

    @Test
    void syntheticGraphOfTheRemainingOperatorsReproducesTfjs() throws Exception {
        // Built and run by tools/models/reference-outputs.mjs: Relu6, LeakyRelu, Elu, Tanh, AvgPool, explicit padding,
        // dilation, broadcast arithmetic, every resize mode, PadV2, Reshape of a 4-D tensor, uint8/float16 weights.
        Path dir = Path.of("models", "reference", "synthetic-ops");
        byte[] onnx = TfjsToOnnx.convert(Files.readAllBytes(dir.resolve("synthetic-ops.json")),
                name -> read(dir.resolve(name)), "synthetic-ops");
        double error = ReferenceCheck.verify(onnx, reference("synthetic-ops"));
        System.out.printf("synthetic-ops: max abs error against TF.js %.3g%n", error);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void sameInputGivesTheSameBytes() throws Exception {
        byte[] first = convert("facemesh-detection-short");
        byte[] second = convert("facemesh-detection-short");
        assertArrayEquals(first, second, "two conversions of the same files differ");
        assertEquals(sha256(first), sha256(convert("facemesh-detection-short")));
    }

    @Test
    void unknownOperatorIsNamedWithItsNode() {
        // A model.json doctored so that one real node uses an operator no converter knows.
        String json = new String(HumanModelsPackage.modelJson("iris"), StandardCharsets.UTF_8);
        String node = "\"name\":\"StatefulPartitionedCall/model/p_re_lu_2/Relu\",\"op\":\"Prelu\"";
        assertTrue(json.contains(node), "iris.json no longer has the node this test doctors");
        byte[] doctored = json.replace(node, node.replace("Prelu", "FancyActivation")).getBytes(StandardCharsets.UTF_8);
        ConversionException e = assertThrows(ConversionException.class,
                () -> TfjsToOnnx.convert(doctored, HumanModelsPackage::file, "iris"));
        assertEquals("model iris: operator FancyActivation (node StatefulPartitionedCall/model/p_re_lu_2/Relu) is not "
                + "supported by dmask's converter", e.getMessage());
    }

    @Test
    void truncatedWeightsAreRejected() {
        byte[] shard = HumanModelsPackage.file("facemesh.bin");
        byte[] truncated = Arrays.copyOf(shard, shard.length - 1000);
        ConversionException e = assertThrows(ConversionException.class, () -> TfjsToOnnx.convert(
                HumanModelsPackage.modelJson("facemesh"), name -> name.equals("facemesh.bin") ? truncated : null, "facemesh"));
        assertEquals("model facemesh: weight file(s) facemesh.bin hold " + truncated.length + " bytes but the "
                + "weightsManifest describes " + shard.length + " (truncated or corrupt download?)", e.getMessage());
    }

    @Test
    void missingShardIsNamed() {
        ConversionException e = assertThrows(ConversionException.class,
                () -> TfjsToOnnx.convert(HumanModelsPackage.modelJson("iris"), name -> null, "iris"));
        assertEquals("model iris: weight file iris.bin is missing", e.getMessage());
    }

    @Test
    void corruptedWeightsFailTheReferenceCheck() throws Exception {
        // Same length, wrong numbers: the converter cannot tell, the reference check must.
        byte[] shard = HumanModelsPackage.file("iris.bin").clone();
        for (int i = 4000; i < 4400; i++) {
            shard[i] ^= 0x55;
        }
        byte[] onnx = TfjsToOnnx.convert(HumanModelsPackage.modelJson("iris"), name -> shard, "iris");
        ConversionException e = assertThrows(ConversionException.class, () -> ReferenceCheck.verify(onnx, reference("iris")));
        assertTrue(e.getMessage().matches("model iris: output Identity\\[\\d+\\] is .+, expected .+ \\(tolerance 0\\.002\\)"),
                e.getMessage());
    }

    @Test
    void halfFloatsDecodeExactly() {
        assertEquals(1.0f, TfjsWeights.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, TfjsWeights.halfToFloat((short) 0xc000));
        assertEquals(65504f, TfjsWeights.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, TfjsWeights.halfToFloat((short) 0x0001));      // smallest subnormal
        assertEquals(0x3ffp-24f, TfjsWeights.halfToFloat((short) 0x03ff));    // largest subnormal
        assertEquals(0x1p-14f, TfjsWeights.halfToFloat((short) 0x0400));      // smallest normal
        assertEquals(Float.NEGATIVE_INFINITY, TfjsWeights.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(TfjsWeights.halfToFloat((short) 0x7e00)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(TfjsWeights.halfToFloat((short) 0x8000)));
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String describe(byte[] onnx) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions())) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet()) {
                parts.add("in " + e.getKey() + " " + Arrays.toString(((TensorInfo) e.getValue().getInfo()).getShape()));
            }
            for (Map.Entry<String, NodeInfo> e : s.getOutputInfo().entrySet()) {
                parts.add("out " + e.getKey() + " " + Arrays.toString(((TensorInfo) e.getValue().getInfo()).getShape()));
            }
            return String.join(", ", parts);
        }
    }
}
