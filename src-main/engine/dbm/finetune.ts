import * as tf from '@tensorflow/tfjs-core';
import type { SpecAnalysis } from '../../../src-shared/network/analysis-types';
import { dropoutMask } from '../layers';
import { deriveSeed } from '../rng';
import { meanField, type Dbm } from './dbm';

/** The classifier fine-tuned from a DBM (backprop.m): its variables, the q(h2) → h1 weights included. */
export interface DbmClassifier {
  W1: tf.Variable;
  /** q(h2) → h1, initialised to W2ᵀ (backprop.m's `w1_penhid = hidpen'`) and trained as its own matrix. */
  U: tf.Variable;
  c1: tf.Variable;
  W2: tf.Variable;
  c2: tf.Variable;
  Wout: tf.Variable;
  bout: tf.Variable;
}

/** Drop rates of the chain's dropout layers: before h1 (applied to both parts of the input [v, q(h2)]), after h1, after h2. */
export interface DropRates {
  input: number;
  hidden1: number;
  hidden2: number;
}

/** Reads the dropout layers of input → … → h1 → … → h2 → … → out by where they sit between the dense layers. */
export function dropRatesOf(analysis: SpecAnalysis, denseIds: readonly string[]): DropRates {
  const rates: DropRates = { input: 0, hidden1: 0, hidden2: 0 };
  let denseSeen = 0;
  for (const id of analysis.order) {
    const node = analysis.nodes.get(id)!;
    if (node.kind === 'dense' && denseIds.includes(id)) denseSeen += 1;
    if (node.kind !== 'dropout') continue;
    const rate = Number((node.params as { rate?: number }).rate ?? 0);
    // Two dropout layers in one gap act as one with 1 − (1 − a)(1 − b).
    const combine = (current: number) => 1 - (1 - current) * (1 - rate);
    if (denseSeen === 0) rates.input = combine(rates.input);
    else if (denseSeen === 1) rates.hidden1 = combine(rates.hidden1);
    else if (denseSeen === 2) rates.hidden2 = combine(rates.hidden2);
  }
  return rates;
}

/**
 * Logits of the fine-tuned classifier: h1 = σ(v·W1 + q(h2)·U + c1), h2 = σ(h1·W2 + c2), out = h2·Wout + bout
 * (backprop.m's forward pass). While training, inverted dropout (kept values scaled by 1/(1 − rate)) on
 * the input, h1 and h2. The dropout paper (Srivastava et al. 2014, on fine-tuning pretrained nets with dropout) scales
 * pretrained weights by 1/p because its nets drop units without rescaling at training time and multiply
 * the weights by p at test time; inverted dropout keeps the rescaling in the activations, so the
 * pretrained weights enter unchanged and the expected input of every unit at the first step equals the
 * pretrained net's — the same rule. Call in tf.tidy.
 */
export function classifierLogits(net: DbmClassifier, v: tf.Tensor2D, q2: tf.Tensor2D, drop: DropRates, training: { seed: number } | null): tf.Tensor2D {
  const dropped = (x: tf.Tensor2D, rate: number, label: string) => (training && rate > 0 ? (tf.mul(x, dropoutMask(x.shape, rate, deriveSeed(training.seed, label))) as tf.Tensor2D) : x);
  const h1 = tf.sigmoid(tf.add(tf.add(tf.matMul(dropped(v, drop.input, 'v'), net.W1), tf.matMul(dropped(q2, drop.input, 'q2'), net.U)), net.c1)) as tf.Tensor2D;
  const h2 = tf.sigmoid(tf.add(tf.matMul(dropped(h1, drop.hidden1, 'h1'), net.W2), net.c2)) as tf.Tensor2D;
  return tf.add(tf.matMul(dropped(h2, drop.hidden2, 'h2'), net.Wout), net.bout) as tf.Tensor2D;
}

/** q(h2) of every row (mean field with `updates` rounds, stopping early as mf.m at 1e-7), in chunks: the classifier's second input, computed once before fine-tuning as backprop.m does. */
export function topPosteriors(dbm: Dbm, x: Float32Array, count: number, updates: number, progress?: (fraction: number) => void, chunk = 500): Float32Array {
  const V = dbm.W1.shape[0];
  const H2 = dbm.W2.shape[1];
  const out = new Float32Array(count * H2);
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const mu2 = tf.tidy(() => meanField(dbm, tf.tensor2d(x.subarray(start * V, end * V), [end - start, V]), updates, 1e-7).mu2);
    out.set(mu2.dataSync(), start * H2);
    mu2.dispose();
    progress?.(end / count);
  }
  return out;
}

export interface ClassifierEvaluation {
  count: number;
  loss: number;
  errors: number;
  errorRate: number;
  predictions: Int32Array;
}

/** Mean cross-entropy, errors and predicted classes of the rows, without dropout. */
export function evaluateClassifier(net: DbmClassifier, x: Float32Array, q2: Float32Array, labels: Int32Array | Float32Array, count: number, chunk = 500): ClassifierEvaluation {
  const V = net.W1.shape[0];
  const H2 = net.U.shape[0];
  const classes = net.bout.shape[0];
  const predictions = new Int32Array(count);
  let lossSum = 0;
  let errors = 0;
  const noDrop: DropRates = { input: 0, hidden1: 0, hidden2: 0 };
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const rows = end - start;
    const label = Int32Array.from(labels.subarray(start, end));
    const [loss, predicted] = tf.tidy(() => {
      const logits = classifierLogits(net, tf.tensor2d(x.subarray(start * V, end * V), [rows, V]), tf.tensor2d(q2.subarray(start * H2, end * H2), [rows, H2]), noDrop, null);
      const target = tf.oneHot(tf.tensor1d(label, 'int32'), classes);
      return [tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)))), tf.argMax(logits, 1)];
    });
    lossSum += loss.dataSync()[0];
    const values = predicted.dataSync();
    for (let i = 0; i < rows; i++) {
      predictions[start + i] = values[i];
      if (values[i] !== label[i]) errors += 1;
    }
    tf.dispose([loss, predicted]);
  }
  return { count, loss: count ? lossSum / count : Number.NaN, errors, errorRate: count ? errors / count : Number.NaN, predictions };
}
