package org.dmask.model.convert;

import java.util.Arrays;

/**
 * A constant tensor while converting: float32 values, or integers (TF's int32 and ONNX's int64 both kept as long).
 * Shapes are TF's (NHWC for images). Immutable by convention: operations return new tensors.
 */
final class Tensor {

    enum Type { FLOAT, INT }

    final Type type;
    final int[] shape;
    final float[] floats;
    final long[] ints;

    private Tensor(Type type, int[] shape, float[] floats, long[] ints) {
        this.type = type;
        this.shape = shape;
        this.floats = floats;
        this.ints = ints;
    }

    static Tensor floats(int[] shape, float[] values) {
        check(shape, values.length);
        return new Tensor(Type.FLOAT, shape.clone(), values, null);
    }

    static Tensor ints(int[] shape, long[] values) {
        check(shape, values.length);
        return new Tensor(Type.INT, shape.clone(), null, values);
    }

    static Tensor intVector(long... values) {
        return ints(new int[] {values.length}, values);
    }

    private static void check(int[] shape, int length) {
        if (size(shape) != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + length + " values");
        }
    }

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    int size() {
        return floats != null ? floats.length : ints.length;
    }

    int rank() {
        return shape.length;
    }

    long intAt(int i) {
        return type == Type.INT ? ints[i] : (long) floats[i];
    }

    Tensor reshape(int[] newShape) {
        return type == Type.FLOAT ? floats(newShape, floats) : ints(newShape, ints);
    }

    /** This tensor with its axes reordered: output axis i is input axis perm[i]. */
    Tensor transpose(int... perm) {
        if (perm.length != shape.length) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " for shape " + Arrays.toString(shape));
        }
        int rank = shape.length;
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
        }
        int[] inStrides = strides(shape);
        int n = size();
        float[] f = type == Type.FLOAT ? new float[n] : null;
        long[] l = type == Type.INT ? new long[n] : null;
        int[] index = new int[rank];
        for (int out = 0; out < n; out++) {
            int in = 0;
            for (int i = 0; i < rank; i++) {
                in += index[i] * inStrides[perm[i]];
            }
            if (f != null) {
                f[out] = floats[in];
            } else {
                l[out] = ints[in];
            }
            for (int i = rank - 1; i >= 0; i--) {
                if (++index[i] < outShape[i]) {
                    break;
                }
                index[i] = 0;
            }
        }
        return f != null ? floats(outShape, f) : ints(outShape, l);
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= shape[i];
        }
        return s;
    }
}
