package org.dmask.model.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Converts a TensorFlow.js graph model (model.json and its weight shards) into an ONNX model that ONNX Runtime
 * runs: opset 17, float32 weights, batch fixed to 1, NHWC input as in TF.js.
 *
 * <p>The ONNX graph input keeps the TF.js Placeholder's name. The outputs are named after the TF.js output nodes:
 * the model's {@code signature} outputs in signature order, or, without a signature, the nodes nothing consumes.
 * The conversion is deterministic: the same files give the same bytes, so a manifest can pin the result's sha256.
 */
public final class TfjsToOnnx {

    private TfjsToOnnx() {
    }

    /**
     * @param modelJson  bytes of model.json
     * @param weightFile returns the bytes of a shard named in the weightsManifest's paths (null if there is none)
     * @param modelName  the name errors and the ONNX graph carry
     * @return the ONNX model (a serialised ModelProto)
     */
    public static byte[] convert(byte[] modelJson, Function<String, byte[]> weightFile, String modelName)
            throws ConversionException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(modelJson);
        } catch (IOException e) {
            throw new ConversionException("model " + modelName + ": model.json is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConversionException("model " + modelName + ": model.json is not a JSON object");
        }
        String format = root.path("format").asText("graph-model");
        if (!format.equals("graph-model")) {
            throw new ConversionException("model " + modelName + ": model.json is a TF.js " + format
                    + ", dmask's converter reads only graph-model");
        }
        JsonNode nodeArray = root.path("modelTopology").path("node");
        if (!nodeArray.isArray() || nodeArray.isEmpty()) {
            throw new ConversionException("model " + modelName + ": model.json has no modelTopology.node list");
        }
        if (!root.path("modelTopology").path("library").path("function").isMissingNode()
                && root.path("modelTopology").path("library").path("function").size() > 0) {
            throw new ConversionException("model " + modelName + ": model.json defines graph functions (control flow), "
                    + "which dmask's converter does not support");
        }
        List<GraphConverter.TfNode> nodes = nodes(modelName, nodeArray);
        Map<String, Tensor> weights = TfjsWeights.read(modelName, root.path("weightsManifest"), weightFile);
        List<String> outputs = outputs(modelName, root.path("signature"), nodes);
        try {
            OnnxGraph graph = new GraphConverter(modelName, nodes, weights, outputs).convert();
            return graph.toModelBytes(modelName, "Converted by dmask from the TF.js graph model " + modelName
                    + " (" + root.path("convertedBy").asText("converter unknown") + ")");
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConversionException("model " + modelName + ": conversion failed: " + e.getMessage(), e);
        }
    }

    private static List<GraphConverter.TfNode> nodes(String model, JsonNode nodeArray) throws ConversionException {
        List<GraphConverter.TfNode> nodes = new ArrayList<>();
        for (JsonNode n : nodeArray) {
            String name = n.path("name").asText("");
            String op = n.path("op").asText("");
            if (name.isEmpty() || op.isEmpty()) {
                throw new ConversionException("model " + model + ": a node in model.json has no name or op: " + n);
            }
            List<String> inputs = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                String ref = in.asText();
                if (ref.startsWith("^")) {
                    continue;           // control dependency: no data flows
                }
                int colon = ref.lastIndexOf(':');
                if (colon > 0) {
                    if (!ref.substring(colon + 1).equals("0")) {
                        throw new ConversionException("model " + model + ": node " + name + " reads output " + ref
                                + ", dmask's converter supports only single-output operators");
                    }
                    ref = ref.substring(0, colon);
                }
                inputs.add(ref);
            }
            nodes.add(new GraphConverter.TfNode(name, op, List.copyOf(inputs), n.path("attr")));
        }
        return nodes;
    }

    /** The signature's outputs in its order; without a signature the (non-constant) nodes nothing consumes. */
    private static List<String> outputs(String model, JsonNode signature, List<GraphConverter.TfNode> nodes)
            throws ConversionException {
        List<String> outputs = new ArrayList<>();
        JsonNode sigOutputs = signature.path("outputs");
        if (sigOutputs.isObject() && sigOutputs.size() > 0) {
            for (JsonNode o : sigOutputs) {
                String name = o.path("name").asText("");
                int colon = name.lastIndexOf(':');
                name = colon > 0 ? name.substring(0, colon) : name;
                if (name.isEmpty()) {
                    throw new ConversionException("model " + model + ": a signature output has no name");
                }
                outputs.add(name);
            }
            return outputs;
        }
        Set<String> consumed = new HashSet<>();
        for (GraphConverter.TfNode n : nodes) {
            consumed.addAll(n.inputs());
        }
        for (GraphConverter.TfNode n : nodes) {
            if (!n.op().equals("Const") && !n.op().equals("Placeholder") && !consumed.contains(n.name())) {
                outputs.add(n.name());
            }
        }
        return outputs;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
