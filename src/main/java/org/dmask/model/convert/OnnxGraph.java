package org.dmask.model.convert;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph under construction, and its serialisation as a ModelProto in protobuf wire format (field numbers
 * from onnx.proto). Everything is written in the order it was added, so the same conversion gives the same bytes.
 */
final class OnnxGraph {

    static final long IR_VERSION = 8;
    static final long OPSET = 17;
    static final String PRODUCER = "dmask";
    /** Bump when the converter's output changes for the same input (the manifest pins converted files' sha256). */
    static final String PRODUCER_VERSION = "1";

    private static final int ELEM_FLOAT = 1;
    private static final int ELEM_INT64 = 7;

    record Attribute(String name, Object value) {
    }

    record Node(String op, String name, List<String> inputs, List<String> outputs, List<Attribute> attributes) {
    }

    record Value(String name, int[] shape) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<String> initializerNames = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();

    /** Adds a node; attributes come as name, value pairs (Long, Float, String, long[] or float[] values). */
    void node(String op, String name, List<String> in, List<String> out, Object... attributes) {
        List<Attribute> attrs = new ArrayList<>();
        for (int i = 0; i < attributes.length; i += 2) {
            attrs.add(new Attribute((String) attributes[i], attributes[i + 1]));
        }
        for (String o : out) {
            claim(o);
        }
        nodes.add(new Node(op, name, List.copyOf(in), List.copyOf(out), attrs));
    }

    /** Adds a constant (float32, or int64 for integer tensors) unless one of that name is there already. */
    String initializer(String name, Tensor value) {
        if (!names.contains(name)) {
            claim(name);
            initializerNames.add(name);
            initializers.add(value);
        }
        return name;
    }

    boolean has(String name) {
        return names.contains(name);
    }

    void input(String name, int[] shape) {
        claim(name);
        inputs.add(new Value(name, shape.clone()));
    }

    void output(String name, int[] shape) {
        outputs.add(new Value(name, shape.clone()));
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("ONNX value " + name + " defined twice");
        }
    }

    byte[] toModelBytes(String graphName, String docString) {
        Message graph = new Message();
        for (Node n : nodes) {
            graph.message(1, node(n));
        }
        graph.string(2, graphName);
        for (int i = 0; i < initializers.size(); i++) {
            graph.message(5, tensor(initializerNames.get(i), initializers.get(i)));
        }
        for (Value v : inputs) {
            graph.message(11, valueInfo(v));
        }
        for (Value v : outputs) {
            graph.message(12, valueInfo(v));
        }
        Message opset = new Message().string(1, "").int64(2, OPSET);
        return new Message()
                .int64(1, IR_VERSION)
                .string(2, PRODUCER)
                .string(3, PRODUCER_VERSION)
                .string(6, docString)
                .message(7, graph)
                .message(8, opset)
                .toByteArray();
    }

    private static Message node(Node n) {
        Message m = new Message();
        for (String i : n.inputs()) {
            m.string(1, i);
        }
        for (String o : n.outputs()) {
            m.string(2, o);
        }
        m.string(3, n.name()).string(4, n.op());
        for (Attribute a : n.attributes()) {
            m.message(5, attribute(a));
        }
        return m;
    }

    private static Message attribute(Attribute a) {
        Message m = new Message().string(1, a.name());
        Object v = a.value();
        if (v instanceof Float f) {
            m.float32(2, f).int64(20, 1);
        } else if (v instanceof Long l) {
            m.int64(3, l).int64(20, 2);
        } else if (v instanceof String s) {
            m.string(4, s).int64(20, 3);
        } else if (v instanceof float[] fs) {
            for (float f : fs) {
                m.float32(7, f);
            }
            m.int64(20, 6);
        } else if (v instanceof long[] ls) {
            for (long l : ls) {
                m.int64(8, l);
            }
            m.int64(20, 7);
        } else {
            throw new IllegalArgumentException("attribute " + a.name() + " has an unsupported value " + v);
        }
        return m;
    }

    private static Message tensor(String name, Tensor t) {
        Message m = new Message();
        for (int d : t.shape) {
            m.int64(1, d);
        }
        ByteBuffer raw;
        if (t.type == Tensor.Type.FLOAT) {
            m.int64(2, ELEM_FLOAT);
            raw = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(t.floats);
        } else {
            m.int64(2, ELEM_INT64);
            raw = ByteBuffer.allocate(8 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            raw.asLongBuffer().put(t.ints);
        }
        return m.string(8, name).bytes(9, raw.array());
    }

    private static Message valueInfo(Value v) {
        Message shape = new Message();
        for (int d : v.shape()) {
            shape.message(1, new Message().int64(1, d));
        }
        Message tensorType = new Message().int64(1, ELEM_FLOAT).message(2, shape);
        return new Message().string(1, v.name()).message(2, new Message().message(1, tensorType));
    }

    /** One protobuf message being written; nested messages are written whole, then embedded with their length. */
    private static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Message int64(int field, long value) {
            try {
                out.writeInt64(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message float32(int field, float value) {
            try {
                out.writeFloat(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message string(int field, String value) {
            try {
                out.writeString(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message bytes(int field, byte[] value) {
            try {
                out.writeByteArray(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message message(int field, Message nested) {
            return bytes(field, nested.toByteArray());
        }

        byte[] toByteArray() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }
}
