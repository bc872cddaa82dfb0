import * as tf from '@tensorflow/tfjs-core';
import { validateSpec } from '../../../src-shared/network/analyze';
import type { ModelSpec } from '../../../src-shared/network/types';
import { buildModel } from '../../../src-main/engine/model';
import { createRng } from '../../../src-main/engine/rng';
import type { FeatureScaling } from '../../../src-main/engine/data/preprocess';
import type { ExportNetwork, WeightValues } from '../../../src-main/export/network';

/** A network with every weight (biases too) drawn uniformly from ±`spread`, so a mixed-up layout shows in the outputs. */
export function randomNetwork(spec: ModelSpec, seed: number, preprocessing: FeatureScaling | null = null, spread = 0.5): ExportNetwork {
  const { spec: parsed, analysis } = validateSpec(spec);
  const rng = createRng(seed);
  const weights: Record<string, Record<string, WeightValues>> = {};
  for (const id of analysis.order) {
    for (const def of analysis.nodes.get(id)!.weights) {
      const values = new Float32Array(def.shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < values.length; i++) values[i] = (rng.uniform() * 2 - 1) * spread;
      (weights[id] ??= {})[def.name] = { shape: def.shape, values };
    }
  }
  return { name: spec.name, runId: 'test-run', spec: parsed, analysis, weights, preprocessing };
}

/** Random raw inputs of the network's input shape in [lo, hi). */
export function randomInputs(network: ExportNetwork, count: number, seed: number, [lo, hi]: [number, number] = [0, 1]): Float32Array {
  const size = network.analysis.nodes.get(network.analysis.inputId!)!.outputShape!.reduce((a, b) => a * b, 1);
  const rng = createRng(seed);
  return Float32Array.from({ length: count * size }, () => lo + rng.uniform() * (hi - lo));
}

/** What LayerLab's engine computes for raw inputs: the preprocessing, then the network in inference mode. */
export function layerLabPredict(network: ExportNetwork, raw: Float32Array, count: number): Float32Array {
  const inputShape = network.analysis.nodes.get(network.analysis.inputId!)!.outputShape!;
  const size = raw.length / count;
  const x = Float32Array.from(raw);
  const scaling = network.preprocessing;
  if (scaling) for (let i = 0; i < x.length; i++) x[i] = (x[i] - scaling.offset[i % size]) * scaling.scale[i % size];
  const model = buildModel(network.spec, { kind: "glorot" }, 1);
  try {
    for (const { nodeId, def, variable } of model.weights) variable.assign(tf.tensor(network.weights[nodeId][def.name].values, def.shape));
    return tf.tidy(() => model.apply(tf.tensor(x, [count, ...inputShape]), { training: false }).dataSync() as Float32Array).slice();
  } finally {
    model.dispose();
  }
}

/** Per-feature preprocessing with distinct offsets and scales, as 'standardise' records it. */
export function perFeatureScaling(size: number, seed: number): FeatureScaling {
  const rng = createRng(seed);
  return { offset: Array.from({ length: size }, () => rng.uniform() * 0.5), scale: Array.from({ length: size }, () => 0.5 + rng.uniform() * 2) };
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
