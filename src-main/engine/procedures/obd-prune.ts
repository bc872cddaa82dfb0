import * as tf from '@tensorflow/tfjs-core';
import type { ObdMethod } from '../../../src-shared/procedures/obd';
import { gatherBatch, ranges, type TaskInfo } from '../batches';
import type { DataSplit } from '../data';
import { perExampleLoss, wantsLogits, type LossKind } from '../loss';
import type { Model } from '../model';
import { createRng, permutation } from '../rng';
import { hessianDiagonal, type DenseLayer } from './obd-hessian';

const CHUNK = 500;

/** The examples the Hessian and the predicted-against-actual losses are computed on, as tensors in chunks (kept until `dispose`). */
export function hessianSubset(split: DataSplit, task: TaskInfo, size: number, seed: number) {
  const order = permutation(split.count, createRng(seed));
  const indices = order.subarray(0, Math.min(size, split.count));
  const chunks = [...ranges(indices.length, CHUNK)].map(([start, end]) => {
    const batch = gatherBatch(split, indices.subarray(start, end), task);
    return { x: batch.x, y: batch.y };
  });
  return { count: indices.length, chunks, dispose: () => tf.dispose(chunks.flatMap((chunk) => [chunk.x, chunk.y])) };
}
export type HessianSubset = ReturnType<typeof hessianSubset>;

/**
 * OBD's saliency s_k = h_kk·w_k²/2 of every kernel weight, per layer (row-major like the kernel). h is the
 * diagonal of the Hessian of what training minimises: with weight decay λ that is the loss + λ/2·Σw², whose
 * diagonal is the loss's plus λ.
 */
export function saliencies(layers: readonly DenseLayer[], subset: HessianSubset, loss: LossKind, form: 'lm' | 'exact', weightDecay = 0): Float32Array[] {
  const diagonal = hessianDiagonal(layers, subset.chunks, subset.count, loss, form);
  return layers.map((layer, k) => {
    const w = layer.kernel.variable.dataSync() as Float32Array;
    return Float32Array.from(diagonal[k], (h, i) => ((h + weightDecay) * w[i] * w[i]) / 2);
  });
}

/** What each method deletes first (the lowest score): OBD's saliency, |w|, or a seeded uniform draw. */
export function pruningScores(method: ObdMethod, layers: readonly DenseLayer[], subset: HessianSubset, loss: LossKind, form: 'lm' | 'exact', seed: number, weightDecay = 0): Float32Array[] {
  if (method === 'obd') return saliencies(layers, subset, loss, form, weightDecay);
  if (method === 'magnitude') return layers.map((layer) => Float32Array.from(layer.kernel.variable.dataSync() as Float32Array, Math.abs));
  const rng = createRng(seed);
  return layers.map((layer) => Float32Array.from({ length: layer.inputs * layer.units }, () => rng.uniform()));
}

/**
 * Deletes `remove` of the kept weights (keep[k][i] = 1) with the lowest scores, across the given layers
 * (ties broken in index order); updates `keep` in place and returns how many it deleted.
 */
export function deleteLowest(scores: readonly Float32Array[], keep: readonly Float32Array[], remove: number): number {
  const candidates: number[] = [];
  scores.forEach((layer, k) => layer.forEach((score, i) => keep[k][i] && candidates.push(score)));
  const count = Math.max(0, Math.min(remove, candidates.length));
  if (count === 0) return 0;
  const sorted = Float64Array.from(candidates).sort();
  const threshold = sorted[count - 1];
  let below = 0;
  for (let i = 0; i < count; i++) if (sorted[i] < threshold) below += 1;
  let ties = count - below;
  for (let k = 0; k < scores.length; k++) {
    for (let i = 0; i < scores[k].length; i++) {
      if (!keep[k][i]) continue;
      if (scores[k][i] < threshold) keep[k][i] = 0;
      else if (scores[k][i] === threshold && ties > 0) {
        keep[k][i] = 0;
        ties -= 1;
      }
    }
  }
  return count;
}

/** Per-example losses of the network on the subset, one Float32Array. */
export function subsetLosses(model: Model, subset: HessianSubset, loss: LossKind): Float32Array {
  const losses = new Float32Array(subset.count);
  let offset = 0;
  for (const chunk of subset.chunks) {
    const tensor = tf.tidy(() => perExampleLoss(loss, model.apply(chunk.x, { training: false, logits: wantsLogits(loss) }), chunk.y));
    losses.set(tensor.dataSync() as Float32Array, offset);
    offset += tensor.size;
    tensor.dispose();
  }
  return losses;
}

/**
 * The predicted saliency against the actual increase of the mean loss on the subset when one weight alone
 * is set to 0, for `samples` weights at evenly spaced ranks of the saliency (so small and large ones both
 * show). The actual is the mean of per-example differences, summed in float64, minus the weight's penalty
 * λ/2·w² when training used weight decay (the objective's change, which the saliency predicts).
 */
export function predictedAgainstActual(model: Model, layers: readonly DenseLayer[], salience: readonly Float32Array[], subset: HessianSubset, loss: LossKind, samples: number, weightDecay = 0) {
  const flat: { layer: number; index: number; saliency: number }[] = [];
  salience.forEach((values, layer) => values.forEach((saliency, index) => flat.push({ layer, index, saliency })));
  const weights = layers.map((layer) => layer.kernel.variable.dataSync() as Float32Array);
  const kept = flat.filter((entry) => weights[entry.layer][entry.index] !== 0).sort((a, b) => a.saliency - b.saliency);
  const picks = Math.min(samples, kept.length);
  const chosen = Array.from({ length: picks }, (_, i) => kept[Math.round((i * (kept.length - 1)) / Math.max(1, picks - 1))]);
  const base = subsetLosses(model, subset, loss);
  const points = chosen.map(({ layer, index, saliency }) => {
    const variable = layers[layer].kernel.variable;
    const values = (variable.dataSync() as Float32Array).slice();
    const weight = values[index];
    values[index] = 0;
    assign(variable, values);
    const changed = subsetLosses(model, subset, loss);
    values[index] = weight;
    assign(variable, values);
    let sum = 0;
    for (let i = 0; i < base.length; i++) sum += changed[i] - base[i];
    // With weight decay the objective also loses the weight's own penalty λ/2·w².
    return { layer, index, weight, predicted: saliency, actual: sum / base.length - (weightDecay * weight * weight) / 2 };
  });
  return points;
}

/** Test error with a fraction of one layer's weights deleted by `scores` (lowest first), nothing retrained; the layer is restored after. */
export function layerSensitivity(layer: DenseLayer, scores: Float32Array, levels: readonly number[], measure: () => number): { level: number; deleted: number; errorRate: number }[] {
  const variable = layer.kernel.variable;
  const original = (variable.dataSync() as Float32Array).slice();
  const keepNow = Float32Array.from(original, (value) => (value === 0 ? 0 : 1));
  const alive = keepNow.reduce((sum, value) => sum + value, 0);
  try {
    return levels.map((level) => {
      const keep = keepNow.slice();
      const deleted = deleteLowest([scores], [keep], Math.round(level * alive));
      assign(variable, Float32Array.from(original, (value, i) => value * keep[i]));
      return { level, deleted, errorRate: measure() };
    });
  } finally {
    assign(variable, original);
  }
}

export function assign(variable: tf.Variable, values: Float32Array): void {
  const tensor = tf.tensor(values, variable.shape, 'float32');
  variable.assign(tensor);
  tensor.dispose();
}
