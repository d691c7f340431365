// A small TF.js graph model, written by hand, that exercises what the four face models leave out: Relu6, LeakyRelu,
// Elu, Tanh fused and standalone, explicit and SAME padding on odd sizes, dilation, average pooling, arithmetic with
// broadcast constants, nearest and bilinear resizing in every coordinate mode, PadV2, a concatenation on a negative
// axis, a Reshape of a 4-D tensor, and uint8- and float16-quantized weights.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const str = (s) => ({ s: b64(s) });
const ints = (...v) => ({ list: { i: v.map(String) } });
const strs = (...v) => ({ list: { s: v.map(b64) } });
const FLOAT = { type: 'DT_FLOAT' };

export function writeSyntheticModel(dir, name) {
  const nodes = [];
  const weights = [];
  const chunks = [];
  let k = 0;

  // Weight values: a fixed formula, scaled to keep activations of order one.
  const formula = (i, scale) => Math.fround(scale * Math.sin(0.9 * i + 1.3 * k));
  function constant(cname, shape, { scale = 0.3, quantize = null, dtype = 'float32', values = null } = {}) {
    const n = shape.reduce((a, b) => a * b, 1);
    k++;
    const spec = { name: cname, shape, dtype };
    if (dtype === 'int32') {
      chunks.push(Buffer.from(new Int32Array(values).buffer));
    } else if (quantize === 'uint8') {
      const q = new Uint8Array(n).map((_, i) => (i * 53 + k * 17) % 256);
      spec.quantization = { dtype: 'uint8', scale: 0.0037, min: -0.41, original_dtype: 'float32' };
      chunks.push(Buffer.from(q.buffer));
    } else if (quantize === 'float16') {
      // half-precision bit patterns: both signs, normal and subnormal magnitudes
      const h = new Uint16Array(n).map((_, i) => (i % 7 === 3 ? 0x0100 + i : 0x2c00 + ((i * 97) % 0x0c00)) | (i % 2 ? 0x8000 : 0));
      spec.quantization = { dtype: 'float16', original_dtype: 'float32' };
      chunks.push(Buffer.from(h.buffer));
    } else {
      const v = values ? Float32Array.from(values) : new Float32Array(n).map((_, i) => formula(i, scale));
      chunks.push(Buffer.from(v.buffer));
    }
    weights.push(spec);
    nodes.push({ name: cname, op: 'Const', attr: { dtype: dtype === 'int32' ? { type: 'DT_INT32' } : FLOAT } });
    return cname;
  }
  const node = (nname, op, input, attr = {}) => {
    nodes.push({ name: nname, op, input, attr: { T: FLOAT, ...attr } });
    return nname;
  };
  const conv = { data_format: str('NHWC'), dilations: ints(1, 1, 1, 1), explicit_paddings: { list: {} } };

  nodes.push({ name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: { dim: [{ size: '-1' }, { size: '16' }, { size: '16' }, { size: '4' }] } } } });
  const c1 = node('conv_leaky', '_FusedConv2D', ['x', constant('w1', [3, 3, 4, 8]), constant('b1', [8], { quantize: 'uint8' })], {
    ...conv, strides: ints(1, 2, 2, 1), padding: str('SAME'), fused_ops: strs('BiasAdd', 'LeakyRelu'), num_args: { i: '1' },
    epsilon: { f: 0 }, leakyrelu_alpha: { f: 0.1 },
  });
  // (TF.js 4.22 drops leakyrelu_alpha on fused depthwise convolutions, giving NaN: that fusion is tested on Conv2D.)
  const c2 = node('depthwise_relu6', 'FusedDepthwiseConv2dNative', [c1, constant('w2', [3, 3, 8, 2], { quantize: 'float16' }), constant('b2', [16])], {
    ...conv, strides: ints(1, 1, 1, 1), padding: str('EXPLICIT'), explicit_paddings: ints(0, 0, 1, 1, 1, 1, 0, 0),
    fused_ops: strs('BiasAdd', 'Relu6'), num_args: { i: '1' },
  });
  const p3 = node('avgpool_same', 'AvgPool', [c2], { data_format: str('NHWC'), ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: str('SAME') });
  node('maxpool_same', 'MaxPool', [c2], { data_format: str('NHWC'), ksize: ints(1, 3, 3, 1), strides: ints(1, 2, 2, 1), padding: str('SAME') });
  const c4 = node('conv_dilated', 'Conv2D', [c2, constant('w4', [3, 3, 16, 8], { scale: 0.1 })], {
    ...conv, dilations: ints(1, 2, 2, 1), strides: ints(1, 1, 1, 1), padding: str('VALID'),
  });
  const c4b = node('bias_add', 'BiasAdd', [c4, constant('b4', [8])], { data_format: str('NHWC') });
  const e1 = node('sub', 'Sub', [p3, constant('k16', [16])]);
  const e2 = node('mul', 'Mul', [e1, constant('k1', [], { values: [0.75] })]);
  const e3 = node('div', 'RealDiv', [e2, constant('k4d', [1, 1, 1, 16], { values: Array.from({ length: 16 }, (_, i) => 0.5 + i / 8) })]);
  const e4 = node('maximum', 'Maximum', [e3, constant('lo', [], { values: [-0.5] })]);
  const e5 = node('minimum', 'Minimum', [e4, constant('hi', [], { values: [0.8] })]);
  const e6 = node('tanh', 'Tanh', [e5]);
  node('elu_sigmoid', 'Sigmoid', [node('elu', 'Elu', [e1])]);
  node('pad_v2', 'PadV2', [e6, constant('paddings', [4, 2], { dtype: 'int32', values: [0, 0, 1, 2, 0, 1, 0, 0] }),
    constant('pad_value', [], { values: [0.5] })], { Tpaddings: { type: 'DT_INT32' } });
  const a1 = node('relu6', 'Relu6', [c4b]);
  const a2 = node('leaky_relu', 'LeakyRelu', [c4b], { alpha: { f: 0.2 } });
  const sum = node('add', 'AddV2', [a1, a2]);
  const cat = node('concat', 'ConcatV2', [sum, a2, constant('axis', [], { dtype: 'int32', values: [-1] })], { N: { i: '2' }, Tidx: { type: 'DT_INT32' } });
  node('flatten', 'Reshape', [cat, constant('flat', [2], { dtype: 'int32', values: [-1, 256] })], { Tshape: { type: 'DT_INT32' } });
  const resizes = [
    ['nearest_half_pixel', 'ResizeNearestNeighbor', [5, 5], false, true],
    ['nearest_align', 'ResizeNearestNeighbor', [12, 12], true, false],
    ['nearest_asymmetric', 'ResizeNearestNeighbor', [11, 11], false, false],
    ['bilinear_align', 'ResizeBilinear', [13, 13], true, false],
    ['bilinear_asymmetric', 'ResizeBilinear', [11, 11], false, false],
    ['bilinear_half_pixel', 'ResizeBilinear', [5, 5], false, true],
  ];
  for (const [rname, op, size, align, half] of resizes) {
    node(rname, op, [c1, constant(`${rname}/size`, [2], { dtype: 'int32', values: size })],
      { align_corners: { b: align }, half_pixel_centers: { b: half } });
  }

  const model = {
    format: 'graph-model',
    generatedBy: 'dmask tools/models/synthetic-ops.mjs',
    convertedBy: null,
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: [`${name}.bin`], weights }],
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(model) + '\n');
  writeFileSync(join(dir, `${name}.bin`), Buffer.concat(chunks));
}
