package org.dmask.model.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a TF.js graph (NHWC, batch fixed to 1) into an ONNX graph, one TF node at a time in dependency order.
 *
 * <p>ONNX's convolutions and pools want NCHW, so 4-D image tensors live in the ONNX graph channels-first; each
 * value remembers which forms it has (TF's NHWC layout, channels-first or both) and a Transpose is added only where
 * an op needs the other one (the graph input, a Reshape, the graph outputs). Shapes are static, so the shape
 * arithmetic TF graphs carry (Shape, StridedSlice, Pack feeding a Reshape) is folded into constants here.
 */
final class GraphConverter {

    /** Where NHWC axis a lands in NCHW. */
    private static final int[] NHWC_TO_NCHW_AXIS = {0, 2, 3, 1};
    private static final int[] TO_NCHW = {0, 3, 1, 2};
    private static final int[] TO_NHWC = {0, 2, 3, 1};

    record TfNode(String name, String op, List<String> inputs, JsonNode attr) {
    }

    /** A TF value: its static TF shape, and a constant, or the ONNX names of its NHWC and channels-first forms. */
    private static final class Val {
        final String name;
        final int[] shape;
        final Tensor constant;
        String natural;
        String channelsFirst;

        Val(String name, int[] shape, Tensor constant) {
            this.name = name;
            this.shape = shape;
            this.constant = constant;
        }
    }

    private final String model;
    private final Map<String, TfNode> nodes;
    private final Map<String, Tensor> weights;
    private final List<String> outputNames;
    private final Set<String> outputNameSet;
    private final OnnxGraph onnx = new OnnxGraph();
    private final Map<String, Val> values = new HashMap<>();

    GraphConverter(String model, List<TfNode> nodeList, Map<String, Tensor> weights, List<String> outputNames)
            throws ConversionException {
        this.model = model;
        this.nodes = new LinkedHashMap<>();
        for (TfNode n : nodeList) {
            if (nodes.put(n.name(), n) != null) {
                throw new ConversionException("model " + model + ": two nodes are named " + n.name());
            }
        }
        this.weights = weights;
        this.outputNames = outputNames;
        this.outputNameSet = new HashSet<>(outputNames);
        if (outputNames.isEmpty()) {
            throw new ConversionException("model " + model + ": the graph has no outputs");
        }
    }

    OnnxGraph convert() throws ConversionException {
        // Graph inputs first, in node order, so the ONNX inputs do not depend on which output reaches them first.
        for (TfNode n : nodes.values()) {
            if (n.op().equals("Placeholder")) {
                values.put(n.name(), placeholder(n));
            }
        }
        for (TfNode n : order()) {
            if (!values.containsKey(n.name())) {
                values.put(n.name(), convert(n));
            }
        }
        for (String out : outputNames) {
            Val v = values.get(out);
            if (v.constant != null && v.constant.type != Tensor.Type.FLOAT) {
                throw new ConversionException("model " + model + ": output " + out + " is an integer constant");
            }
            String source = nhwc(v);
            if (!source.equals(out)) {
                onnx.node("Identity", out, List.of(source), List.of(out));
            }
            onnx.output(out, v.shape);
        }
        return onnx;
    }

    /** The nodes the outputs depend on, each after its inputs (depth first from the outputs, in input order). */
    private List<TfNode> order() throws ConversionException {
        List<TfNode> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> active = new HashSet<>();
        for (String out : outputNames) {
            visit(out, null, ordered, done, active);
        }
        return ordered;
    }

    private void visit(String name, String consumer, List<TfNode> ordered, Set<String> done, Set<String> active)
            throws ConversionException {
        if (done.contains(name)) {
            return;
        }
        TfNode n = nodes.get(name);
        if (n == null) {
            throw new ConversionException("model " + model + ": node " + (consumer == null ? "(output)" : consumer)
                    + " refers to " + name + ", which the graph does not define");
        }
        if (!active.add(name)) {
            throw new ConversionException("model " + model + ": the graph has a cycle through node " + name);
        }
        for (String in : n.inputs()) {
            visit(in, name, ordered, done, active);
        }
        active.remove(name);
        done.add(name);
        ordered.add(n);
    }

    private Val convert(TfNode n) throws ConversionException {
        return switch (n.op()) {
            case "Const" -> constant(n);
            case "Identity", "StopGradient", "Snapshot" -> input(n, 0);
            case "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n);
            case "Pad", "PadV2" -> pad(n);
            case "MaxPool", "AvgPool" -> pool(n);
            case "AddV2", "Add", "BiasAdd" -> binary(n, "Add");
            case "Sub" -> binary(n, "Sub");
            case "Mul" -> binary(n, "Mul");
            case "RealDiv" -> binary(n, "Div");
            case "Maximum" -> binary(n, "Max");
            case "Minimum" -> binary(n, "Min");
            case "Prelu" -> binary(n, "PRelu");
            case "Relu", "Sigmoid", "Tanh", "Elu" -> unary(n, n.op());
            case "Relu6" -> relu6(n, input(n, 0), n.name());
            case "ConcatV2" -> concat(n);
            case "Reshape" -> reshape(n);
            case "Shape" -> shape(n);
            case "StridedSlice" -> stridedSlice(n);
            case "Pack" -> pack(n);
            case "ResizeBilinear", "ResizeNearestNeighbor" -> resize(n);
            case "DepthToSpace", "SpaceToDepth" -> depthToSpace(n);
            default -> throw unsupported(n, null);
        };
    }

    private ConversionException unsupported(TfNode n, String why) {
        return new ConversionException("model " + model + ": operator " + n.op() + " (node " + n.name()
                + ") is not supported by dmask's converter" + (why == null ? "" : ": " + why));
    }

    // ---- values and layouts ----

    private Val input(TfNode n, int index) throws ConversionException {
        if (index >= n.inputs().size()) {
            throw new ConversionException("model " + model + ": node " + n.name() + " (" + n.op() + ") has "
                    + n.inputs().size() + " inputs, expected at least " + (index + 1));
        }
        return values.get(n.inputs().get(index));
    }

    private Tensor constantInput(TfNode n, int index, String what) throws ConversionException {
        Val v = input(n, index);
        if (v.constant == null) {
            throw unsupported(n, what + " is not a constant");
        }
        return v.constant;
    }

    /** The ONNX name of a value in TF's own layout, adding a Transpose (or a constant) if it has none yet. */
    private String nhwc(Val v) {
        if (v.natural == null) {
            if (v.constant != null) {
                v.natural = onnx.initializer(v.name, v.constant);
            } else {
                v.natural = derivedName(v.name, "/nhwc");
                onnx.node("Transpose", v.natural, List.of(v.channelsFirst), List.of(v.natural), "perm", longs(TO_NHWC));
            }
        }
        return v.natural;
    }

    /** The ONNX name of a 4-D value's channels-first form, adding a Transpose (or a constant) if it has none yet. */
    private String nchw(Val v) {
        if (v.shape.length != 4) {
            throw new IllegalStateException("value " + v.name + " is not 4-D");
        }
        if (v.channelsFirst == null) {
            if (v.constant != null) {
                v.channelsFirst = onnx.initializer(v.name + "/nchw", v.constant.transpose(TO_NCHW));
            } else {
                v.channelsFirst = derivedName(v.name, "/nchw");
                onnx.node("Transpose", v.channelsFirst, List.of(v.natural), List.of(v.channelsFirst), "perm", longs(TO_NCHW));
            }
        }
        return v.channelsFirst;
    }

    /** Whether a value is at hand channels-first (so a layout-free op had better stay channels-first). */
    private static boolean isChannelsFirst(Val v) {
        return v.constant == null && v.channelsFirst != null && v.natural == null;
    }

    private String derivedName(String base, String suffix) {
        String name = base + suffix;
        for (int i = 2; onnx.has(name) || outputNameSet.contains(name); i++) {
            name = base + suffix + "_" + i;
        }
        return name;
    }

    /** A new channels-first value produced by node {@code n}; its ONNX name is the TF node's unless that is an output. */
    private Val newChannelsFirst(TfNode n, int[] shape) {
        Val v = new Val(n.name(), shape, null);
        v.channelsFirst = outputNameSet.contains(n.name()) ? derivedName(n.name(), "/nchw") : n.name();
        return v;
    }

    private Val newNatural(TfNode n, int[] shape) {
        Val v = new Val(n.name(), shape, null);
        v.natural = n.name();
        return v;
    }

    // ---- graph inputs and constants ----

    private Val placeholder(TfNode n) throws ConversionException {
        String dtype = n.attr().path("dtype").path("type").asText("DT_FLOAT");
        if (!dtype.equals("DT_FLOAT")) {
            throw unsupported(n, "input of type " + dtype + " (only float32 inputs)");
        }
        JsonNode dims = n.attr().path("shape").path("shape").path("dim");
        if (!dims.isArray() || dims.isEmpty()) {
            throw unsupported(n, "input without a static shape");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            int d = dims.get(i).path("size").asInt(-1);
            if (d < 0 && i == 0) {
                d = 1;                      // the batch: dmask always runs one image at a time
            } else if (d < 0) {
                throw unsupported(n, "input with a dynamic dimension " + i + " (static shapes only)");
            }
            shape[i] = d;
        }
        onnx.input(n.name(), shape);
        return newNatural(n, shape);
    }

    private Val constant(TfNode n) throws ConversionException {
        Tensor t = weights.get(n.name());
        if (t == null) {
            throw new ConversionException("model " + model + ": constant " + n.name() + " has no values in the weightsManifest");
        }
        return new Val(n.name(), t.shape, t);
    }

    // ---- convolutions and pools ----

    private Val conv(TfNode n) throws ConversionException {
        requireNhwc(n);
        boolean depthwise = n.op().contains("Depthwise");
        Val x = input(n, 0);
        Tensor filter = constantInput(n, 1, "the filter");
        if (x.shape.length != 4 || filter.rank() != 4 || filter.type != Tensor.Type.FLOAT) {
            throw unsupported(n, "a convolution that is not 2-D over a 4-D float input");
        }
        int kh = filter.shape[0];
        int kw = filter.shape[1];
        int inChannels = x.shape[3];
        Tensor weight;
        int outChannels;
        long group;
        String weightName;
        if (depthwise) {
            // TF [kh, kw, C, M] -> ONNX [C*M, 1, kh, kw]; output channel c*M + m in both
            if (filter.shape[2] != inChannels) {
                throw unsupported(n, "depthwise filter for " + filter.shape[2] + " channels on " + inChannels);
            }
            outChannels = inChannels * filter.shape[3];
            weight = filter.transpose(2, 3, 0, 1).reshape(new int[] {outChannels, 1, kh, kw});
            group = inChannels;
            weightName = n.inputs().get(1) + "/depthwise_oihw";
        } else {
            // TF [kh, kw, I, O] -> ONNX [O, I, kh, kw]
            if (filter.shape[2] == 0 || inChannels % filter.shape[2] != 0) {
                throw unsupported(n, "filter for " + filter.shape[2] + " channels on " + inChannels);
            }
            outChannels = filter.shape[3];
            weight = filter.transpose(3, 2, 0, 1);
            group = inChannels / filter.shape[2];
            weightName = n.inputs().get(1) + "/oihw";
        }
        int[] strides = spatial(n, "strides");
        int[] dilations = n.attr().has("dilations") ? spatial(n, "dilations") : new int[] {1, 1};
        int[] pads = pads(n, x.shape, new int[] {kh, kw}, strides, dilations);
        int[] out = {1, outputSize(x.shape[1], kh, strides[0], dilations[0], pads[0] + pads[2]),
                outputSize(x.shape[2], kw, strides[1], dilations[1], pads[1] + pads[3]), outChannels};

        List<String> fused = strings(n, "fused_ops");
        List<String> inputs = new ArrayList<>(List.of(nchw(x), onnx.initializer(weightName, weight)));
        int nextArg = 2;
        int f = 0;
        if (f < fused.size() && fused.get(f).equals("BiasAdd")) {
            Tensor bias = constantInput(n, nextArg++, "the bias");
            if (bias.size() != outChannels) {
                throw unsupported(n, "bias of " + bias.size() + " values for " + outChannels + " channels");
            }
            inputs.add(onnx.initializer(n.inputs().get(2), bias.reshape(new int[] {outChannels})));
            f++;
        }
        String activation = f < fused.size() ? fused.get(f++) : null;
        if (f < fused.size() || (activation != null && f == 1)) {
            // only BiasAdd, optionally followed by one activation, is folded into the Conv
            throw unsupported(n, "fused operations " + fused);
        }
        Val result = newChannelsFirst(n, out);
        String convOut = activation == null ? result.channelsFirst : derivedName(n.name(), "/Conv");
        onnx.node("Conv", convOut, inputs, List.of(convOut),
                "dilations", longs(dilations), "group", group, "kernel_shape", new long[] {kh, kw},
                "pads", longs(pads), "strides", longs(strides));
        if (activation != null) {
            String y = result.channelsFirst;
            switch (activation) {
                case "Relu", "Sigmoid", "Tanh", "Elu" -> onnx.node(activation, y, List.of(convOut), List.of(y));
                case "Relu6" -> clip(y, convOut, y);
                case "LeakyRelu" -> onnx.node("LeakyRelu", y, List.of(convOut), List.of(y),
                        "alpha", (float) n.attr().path("leakyrelu_alpha").path("f").asDouble(0.2));
                case "Prelu" -> {
                    Tensor alpha = constantInput(n, nextArg, "the PReLU alpha");
                    String slope = onnx.initializer(n.inputs().get(nextArg) + "/nchw", broadcastChannelsFirst(n, alpha));
                    onnx.node("PRelu", y, List.of(convOut, slope), List.of(y));
                }
                default -> throw unsupported(n, "fused operations " + fused);
            }
        }
        return result;
    }

    private Val pool(TfNode n) throws ConversionException {
        requireNhwc(n);
        Val x = input(n, 0);
        if (x.shape.length != 4) {
            throw unsupported(n, "pooling over a " + x.shape.length + "-D input");
        }
        int[] kernel = spatial(n, "ksize");
        int[] strides = spatial(n, "strides");
        int[] pads = pads(n, x.shape, kernel, strides, new int[] {1, 1});
        int[] out = {1, outputSize(x.shape[1], kernel[0], strides[0], 1, pads[0] + pads[2]),
                outputSize(x.shape[2], kernel[1], strides[1], 1, pads[1] + pads[3]), x.shape[3]};
        Val result = newChannelsFirst(n, out);
        // TF leaves padding out of both the max and the average, as ONNX does with count_include_pad = 0
        onnx.node(n.op().equals("MaxPool") ? "MaxPool" : "AveragePool", n.name(), List.of(nchw(x)),
                List.of(result.channelsFirst), "kernel_shape", longs(kernel), "pads", longs(pads), "strides", longs(strides));
        return result;
    }

    private void requireNhwc(TfNode n) throws ConversionException {
        String format = attrString(n, "data_format", "NHWC");
        if (!format.equals("NHWC")) {
            throw unsupported(n, "data_format " + format + " (NHWC only)");
        }
    }

    /** The H and W entries of a 4-element NHWC attribute list (strides, ksize, dilations). */
    private int[] spatial(TfNode n, String attr) throws ConversionException {
        long[] v = ints(n, attr);
        if (v.length != 4 || v[0] != 1 || v[3] != 1) {
            throw unsupported(n, attr + " " + Arrays.toString(v));
        }
        return new int[] {(int) v[1], (int) v[2]};
    }

    /** ONNX pads [top, left, bottom, right] for TF's SAME (the extra pixel at the end), VALID or EXPLICIT padding. */
    private int[] pads(TfNode n, int[] in, int[] kernel, int[] strides, int[] dilations) throws ConversionException {
        String padding = attrString(n, "padding", "VALID");
        int[] pads = new int[4];
        switch (padding) {
            case "VALID" -> { }
            case "SAME" -> {
                for (int i = 0; i < 2; i++) {
                    int effective = (kernel[i] - 1) * dilations[i] + 1;
                    int out = (in[i + 1] + strides[i] - 1) / strides[i];
                    int total = Math.max((out - 1) * strides[i] + effective - in[i + 1], 0);
                    pads[i] = total / 2;
                    pads[i + 2] = total - total / 2;
                }
            }
            case "EXPLICIT" -> {
                long[] e = ints(n, "explicit_paddings");
                if (e.length != 8 || e[0] != 0 || e[1] != 0 || e[6] != 0 || e[7] != 0) {
                    throw unsupported(n, "explicit_paddings " + Arrays.toString(e));
                }
                pads = new int[] {(int) e[2], (int) e[4], (int) e[3], (int) e[5]};
            }
            default -> throw unsupported(n, "padding " + padding);
        }
        return pads;
    }

    private static int outputSize(int in, int kernel, int stride, int dilation, int padding) {
        return (in + padding - ((kernel - 1) * dilation + 1)) / stride + 1;
    }

    // ---- element-wise ----

    private Val unary(TfNode n, String op) throws ConversionException {
        Val x = input(n, 0);
        if (isChannelsFirst(x)) {
            Val result = newChannelsFirst(n, x.shape);
            onnx.node(op, n.name(), List.of(x.channelsFirst), List.of(result.channelsFirst));
            return result;
        }
        Val result = newNatural(n, x.shape);
        onnx.node(op, n.name(), List.of(nhwc(x)), List.of(result.natural));
        return result;
    }

    private Val relu6(TfNode n, Val x, String name) {
        if (isChannelsFirst(x)) {
            Val result = newChannelsFirst(n, x.shape);
            clip(name, x.channelsFirst, result.channelsFirst);
            return result;
        }
        Val result = newNatural(n, x.shape);
        clip(name, nhwc(x), result.natural);
        return result;
    }

    private void clip(String name, String in, String out) {
        String min = onnx.initializer("dmask/relu6_min", Tensor.floats(new int[0], new float[] {0f}));
        String max = onnx.initializer("dmask/relu6_max", Tensor.floats(new int[0], new float[] {6f}));
        onnx.node("Clip", name, List.of(in, min, max), List.of(out));
    }

    /**
     * Element-wise op on two values with numpy broadcasting. It runs channels-first when a 4-D operand is at hand
     * that way (constants are rearranged to match); otherwise in TF's layout.
     */
    private Val binary(TfNode n, String op) throws ConversionException {
        Val a = input(n, 0);
        Val b = input(n, 1);
        int[] shape = broadcast(n, a.shape, b.shape);
        if (op.equals("PRelu") && !Arrays.equals(shape, a.shape)) {
            throw unsupported(n, "alpha of shape " + Arrays.toString(b.shape) + " for input " + Arrays.toString(a.shape));
        }
        boolean channelsFirst = shape.length == 4 && (isChannelsFirst(a) || isChannelsFirst(b))
                && operandFitsChannelsFirst(a) && operandFitsChannelsFirst(b);
        if (channelsFirst) {
            Val result = newChannelsFirst(n, shape);
            onnx.node(op, n.name(), List.of(channelsFirstOperand(n, a), channelsFirstOperand(n, b)), List.of(result.channelsFirst));
            return result;
        }
        Val result = newNatural(n, shape);
        onnx.node(op, n.name(), List.of(nhwc(a), nhwc(b)), List.of(result.natural));
        return result;
    }

    private static boolean operandFitsChannelsFirst(Val v) {
        return v.shape.length == 4 || v.constant != null;
    }

    private String channelsFirstOperand(TfNode n, Val v) throws ConversionException {
        if (v.constant == null || v.shape.length == 4) {
            return nchw(v);
        }
        return onnx.initializer(v.name + "/nchw", broadcastChannelsFirst(n, v.constant));
    }

    /** A constant that broadcasts against an NHWC tensor, rearranged to broadcast the same way against NCHW. */
    private Tensor broadcastChannelsFirst(TfNode n, Tensor t) throws ConversionException {
        if (t.rank() > 4) {
            throw unsupported(n, "a " + t.rank() + "-D operand on a 4-D tensor");
        }
        int[] four = {1, 1, 1, 1};
        System.arraycopy(t.shape, 0, four, 4 - t.rank(), t.rank());
        return t.reshape(four).transpose(TO_NCHW);
    }

    private int[] broadcast(TfNode n, int[] a, int[] b) throws ConversionException {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw unsupported(n, "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    // ---- shape-changing ops ----

    private Val pad(TfNode n) throws ConversionException {
        Val x = input(n, 0);
        Tensor paddings = constantInput(n, 1, "the paddings");
        int rank = x.shape.length;
        if (paddings.rank() != 2 || paddings.shape[0] != rank || paddings.shape[1] != 2) {
            throw unsupported(n, "paddings of shape " + Arrays.toString(paddings.shape));
        }
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            long before = paddings.intAt(2 * i);
            long after = paddings.intAt(2 * i + 1);
            if (before < 0 || after < 0) {
                throw unsupported(n, "negative padding");
            }
            out[i] = (int) (x.shape[i] + before + after);
        }
        List<String> inputs = new ArrayList<>();
        int[] axes = rank == 4 ? TO_NCHW : identity(rank);
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            pads[i] = paddings.intAt(2 * axes[i]);
            pads[rank + i] = paddings.intAt(2 * axes[i] + 1);
        }
        Val result = rank == 4 ? newChannelsFirst(n, out) : newNatural(n, out);
        inputs.add(rank == 4 ? nchw(x) : nhwc(x));
        inputs.add(onnx.initializer(n.name() + "/pads", Tensor.intVector(pads)));
        if (n.op().equals("PadV2")) {
            Tensor value = constantInput(n, 2, "the padding value");
            inputs.add(onnx.initializer(n.inputs().get(2), value.reshape(new int[0])));
        }
        onnx.node("Pad", n.name(), inputs, List.of(rank == 4 ? result.channelsFirst : result.natural), "mode", "constant");
        return result;
    }

    private Val concat(TfNode n) throws ConversionException {
        int count = n.inputs().size() - 1;
        if (count < 1) {
            throw unsupported(n, "no inputs to concatenate");
        }
        Tensor axisTensor = constantInput(n, count, "the axis");
        List<Val> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(input(n, i));
        }
        int rank = parts.get(0).shape.length;
        int axis = (int) axisTensor.intAt(0);
        axis = axis < 0 ? axis + rank : axis;
        int[] out = parts.get(0).shape.clone();
        out[axis] = 0;
        boolean allConstant = true;
        boolean anyChannelsFirst = false;
        for (Val p : parts) {
            if (p.shape.length != rank) {
                throw unsupported(n, "inputs of different ranks");
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && p.shape[d] != out[d]) {
                    throw unsupported(n, "inputs of shapes that do not line up");
                }
            }
            out[axis] += p.shape[axis];
            allConstant &= p.constant != null;
            anyChannelsFirst |= isChannelsFirst(p);
        }
        if (allConstant) {
            return new Val(n.name(), out, foldConcat(parts, axis, out));
        }
        List<String> inputs = new ArrayList<>();
        if (rank == 4 && anyChannelsFirst) {
            for (Val p : parts) {
                inputs.add(nchw(p));
            }
            Val result = newChannelsFirst(n, out);
            onnx.node("Concat", n.name(), inputs, List.of(result.channelsFirst), "axis", (long) NHWC_TO_NCHW_AXIS[axis]);
            return result;
        }
        for (Val p : parts) {
            inputs.add(nhwc(p));
        }
        Val result = newNatural(n, out);
        onnx.node("Concat", n.name(), inputs, List.of(result.natural), "axis", (long) axis);
        return result;
    }

    private static Tensor foldConcat(List<Val> parts, int axis, int[] out) {
        boolean floats = parts.get(0).constant.type == Tensor.Type.FLOAT;
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out[d];
        }
        int size = Tensor.size(out);
        float[] f = floats ? new float[size] : null;
        long[] l = floats ? null : new long[size];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Val p : parts) {
                int block = p.constant.size() / outer;
                for (int i = 0; i < block; i++, pos++) {
                    if (floats) {
                        f[pos] = p.constant.floats[o * block + i];
                    } else {
                        l[pos] = p.constant.intAt(o * block + i);
                    }
                }
            }
        }
        return floats ? Tensor.floats(out, f) : Tensor.ints(out, l);
    }

    private Val reshape(TfNode n) throws ConversionException {
        Val x = input(n, 0);
        Tensor target = constantInput(n, 1, "the target shape");
        int[] out = new int[target.size()];
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < out.length; i++) {
            long d = target.intAt(i);
            if (d == -1 && unknown < 0) {
                unknown = i;
            } else if (d < 0) {
                throw unsupported(n, "target shape " + Arrays.toString(target.ints));
            } else {
                out[i] = (int) d;
                known *= (int) d;
            }
        }
        int size = Tensor.size(x.shape);
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw unsupported(n, "cannot reshape " + Arrays.toString(x.shape) + " to " + Arrays.toString(target.ints));
            }
            out[unknown] = size / known;
        } else if (known != size) {
            throw unsupported(n, "cannot reshape " + Arrays.toString(x.shape) + " to " + Arrays.toString(out));
        }
        if (x.constant != null) {
            return new Val(n.name(), out, x.constant.reshape(out));
        }
        Val result = newNatural(n, out);
        onnx.node("Reshape", n.name(), List.of(nhwc(x), onnx.initializer(n.name() + "/shape", Tensor.intVector(longs(out)))),
                List.of(result.natural));
        return result;
    }

    private Val shape(TfNode n) throws ConversionException {
        int[] s = input(n, 0).shape;
        return new Val(n.name(), new int[] {s.length}, Tensor.intVector(longs(s)));
    }

    /** StridedSlice of a constant vector (the shape arithmetic of Keras' Reshape layers), folded. */
    private Val stridedSlice(TfNode n) throws ConversionException {
        Tensor in = constantInput(n, 0, "the sliced tensor");
        long[] begin = constantInput(n, 1, "begin").ints;
        long[] end = constantInput(n, 2, "end").ints;
        long[] strides = constantInput(n, 3, "strides").ints;
        if (in.rank() != 1 || begin == null || end == null || strides == null || begin.length != 1 || end.length != 1
                || strides.length != 1 || strides[0] == 0 || attrInt(n, "ellipsis_mask") != 0
                || attrInt(n, "new_axis_mask") != 0) {
            throw unsupported(n, "only a plain slice of a constant vector is folded");
        }
        int size = in.size();
        long step = strides[0];
        long b = begin[0];
        long e = end[0];
        if ((attrInt(n, "begin_mask") & 1) != 0) {
            b = step > 0 ? 0 : size - 1;
        } else {
            b = clampIndex(b < 0 ? b + size : b, step, size);
        }
        if ((attrInt(n, "shrink_axis_mask") & 1) != 0) {
            if (b < 0 || b >= size) {
                throw unsupported(n, "index " + begin[0] + " out of range");
            }
            return new Val(n.name(), new int[0], in.type == Tensor.Type.FLOAT
                    ? Tensor.floats(new int[0], new float[] {in.floats[(int) b]})
                    : Tensor.ints(new int[0], new long[] {in.ints[(int) b]}));
        }
        if ((attrInt(n, "end_mask") & 1) != 0) {
            e = step > 0 ? size : -1;
        } else {
            e = clampIndex(e < 0 ? e + size : e, step, size);
        }
        List<Integer> picked = new ArrayList<>();
        for (long i = b; step > 0 ? i < e : i > e; i += step) {
            picked.add((int) i);
        }
        int[] shape = {picked.size()};
        if (in.type == Tensor.Type.FLOAT) {
            float[] f = new float[picked.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = in.floats[picked.get(i)];
            }
            return new Val(n.name(), shape, Tensor.floats(shape, f));
        }
        long[] l = new long[picked.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = in.ints[picked.get(i)];
        }
        return new Val(n.name(), shape, Tensor.ints(shape, l));
    }

    private static long clampIndex(long i, long step, int size) {
        return step > 0 ? Math.max(0, Math.min(i, size)) : Math.max(-1, Math.min(i, size - 1));
    }

    /** Pack (tf.stack) of constants, folded. */
    private Val pack(TfNode n) throws ConversionException {
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            parts.add(constantInput(n, i, "input " + i));
        }
        int[] partShape = parts.get(0).shape;
        int axis = (int) attrInt(n, "axis");
        axis = axis < 0 ? axis + partShape.length + 1 : axis;
        boolean floats = parts.get(0).type == Tensor.Type.FLOAT;
        for (Tensor p : parts) {
            if (!Arrays.equals(p.shape, partShape) || (p.type == Tensor.Type.FLOAT) != floats) {
                throw unsupported(n, "inputs of different shapes or types");
            }
        }
        int[] out = new int[partShape.length + 1];
        int outer = 1;
        for (int d = 0, s = 0; d < out.length; d++) {
            if (d == axis) {
                out[d] = parts.size();
            } else {
                out[d] = partShape[s++];
                if (d < axis) {
                    outer *= out[d];
                }
            }
        }
        int inner = Tensor.size(partShape) / Math.max(outer, 1);
        int size = Tensor.size(out);
        float[] f = floats ? new float[size] : null;
        long[] l = floats ? null : new long[size];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor p : parts) {
                for (int i = 0; i < inner; i++, pos++) {
                    if (floats) {
                        f[pos] = p.floats[o * inner + i];
                    } else {
                        l[pos] = p.ints[o * inner + i];
                    }
                }
            }
        }
        return new Val(n.name(), out, floats ? Tensor.floats(out, f) : Tensor.ints(out, l));
    }

    private Val resize(TfNode n) throws ConversionException {
        Val x = input(n, 0);
        Tensor size = constantInput(n, 1, "the output size");
        if (x.shape.length != 4 || size.size() != 2) {
            throw unsupported(n, "a resize that is not of a 4-D image to a constant size");
        }
        boolean alignCorners = attrBool(n, "align_corners");
        boolean halfPixel = attrBool(n, "half_pixel_centers");
        boolean bilinear = n.op().equals("ResizeBilinear");
        String transform = alignCorners ? "align_corners"
                : halfPixel ? (bilinear ? "half_pixel" : "tf_half_pixel_for_nn") : "asymmetric";
        int[] out = {1, (int) size.intAt(0), (int) size.intAt(1), x.shape[3]};
        Val result = newChannelsFirst(n, out);
        String sizes = onnx.initializer(n.name() + "/sizes", Tensor.intVector(1, out[3], out[1], out[2]));
        List<Object> attrs = new ArrayList<>(List.of("coordinate_transformation_mode", transform,
                "mode", bilinear ? "linear" : "nearest"));
        if (!bilinear) {
            attrs.addAll(List.of("nearest_mode", alignCorners ? "round_prefer_ceil" : "floor"));
        }
        onnx.node("Resize", n.name(), List.of(nchw(x), "", "", sizes), List.of(result.channelsFirst), attrs.toArray());
        return result;
    }

    private Val depthToSpace(TfNode n) throws ConversionException {
        requireNhwc(n);
        Val x = input(n, 0);
        int block = (int) attrInt(n, "block_size");
        if (x.shape.length != 4 || block < 2) {
            throw unsupported(n, "block_size " + block + " on a " + x.shape.length + "-D input");
        }
        int[] s = x.shape;
        int[] out;
        if (n.op().equals("DepthToSpace")) {
            if (s[3] % (block * block) != 0) {
                throw unsupported(n, s[3] + " channels for block size " + block);
            }
            out = new int[] {1, s[1] * block, s[2] * block, s[3] / (block * block)};
        } else {
            if (s[1] % block != 0 || s[2] % block != 0) {
                throw unsupported(n, "a " + s[1] + "x" + s[2] + " image for block size " + block);
            }
            out = new int[] {1, s[1] / block, s[2] / block, s[3] * block * block};
        }
        Val result = newChannelsFirst(n, out);
        // TF's NHWC DepthToSpace orders the channels as ONNX's DCR mode does on NCHW
        if (n.op().equals("DepthToSpace")) {
            onnx.node("DepthToSpace", n.name(), List.of(nchw(x)), List.of(result.channelsFirst), "blocksize", (long) block,
                    "mode", "DCR");
        } else {
            onnx.node("SpaceToDepth", n.name(), List.of(nchw(x)), List.of(result.channelsFirst), "blocksize", (long) block);
        }
        return result;
    }

    // ---- TF attributes (model.json keeps strings base64-encoded, integers as decimal strings) ----

    private static String attrString(TfNode n, String key, String fallback) {
        JsonNode s = n.attr().path(key).get("s");
        return s == null ? fallback : new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8);
    }

    private static long attrInt(TfNode n, String key) {
        return n.attr().path(key).path("i").asLong(0);
    }

    private static boolean attrBool(TfNode n, String key) {
        return n.attr().path(key).path("b").asBoolean(false);
    }

    private static long[] ints(TfNode n, String key) {
        JsonNode list = n.attr().path(key).path("list").path("i");
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asLong();
        }
        return v;
    }

    private static List<String> strings(TfNode n, String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : n.attr().path(key).path("list").path("s")) {
            out.add(new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static long[] longs(int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = v[i];
        }
        return l;
    }

    private static int[] identity(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        return p;
    }
}
