import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed } from '../rng';

/** Binary (logistic) units, or real-valued units with unit variance (Gaussian visible for real data, linear hidden for a code layer). */
export type UnitKind = 'binary' | 'gaussian';

/**
 * A restricted Boltzmann machine: E(v, h) = −vᵀWh − bᵀv − cᵀh (+ |v|²/2 for Gaussian visible units,
 * + |h|²/2 for Gaussian hidden units, unit variance). W is [visible, hidden], as a dense layer's kernel.
 */
export interface Rbm {
  visible: UnitKind;
  hidden: UnitKind;
  visibleSize: number;
  hiddenSize: number;
  weights: tf.Variable<tf.Rank.R2>;
  visibleBias: tf.Variable<tf.Rank.R1>;
  hiddenBias: tf.Variable<tf.Rank.R1>;
}

export interface RbmShape {
  visibleSize: number;
  hiddenSize: number;
  visible: UnitKind;
  hidden: UnitKind;
}

/** As rbm.m: W ~ sigma·N(0, 1) (sigma 0.1), zero biases; the weights drawn from the seed and `scope`. */
export function createRbm(shape: RbmShape, sigma: number, seed: number, scope: string): Rbm {
  const rng = createRng(deriveSeed(seed, 'rbm-init', scope));
  const values = new Float32Array(shape.visibleSize * shape.hiddenSize);
  for (let i = 0; i < values.length; i++) values[i] = sigma * rng.normal();
  return {
    ...shape,
    weights: tf.variable(tf.tensor2d(values, [shape.visibleSize, shape.hiddenSize]), true, undefined, 'float32') as tf.Variable<tf.Rank.R2>,
    visibleBias: tf.variable(tf.zeros([shape.visibleSize]), true) as tf.Variable<tf.Rank.R1>,
    hiddenBias: tf.variable(tf.zeros([shape.hiddenSize]), true) as tf.Variable<tf.Rank.R1>,
  };
}

export function disposeRbm(rbm: Rbm): void {
  tf.dispose([rbm.weights, rbm.visibleBias, rbm.hiddenBias]);
}

/** E[h | v]: logistic probabilities for binary hidden units, the total input itself for Gaussian ones. */
export function hiddenMean(rbm: Rbm, v: tf.Tensor2D): tf.Tensor2D {
  const input = tf.add(tf.matMul(v, rbm.weights), rbm.hiddenBias) as tf.Tensor2D;
  return rbm.hidden === 'binary' ? tf.sigmoid(input) : input;
}

/** E[v | h]. */
export function visibleMean(rbm: Rbm, h: tf.Tensor2D): tf.Tensor2D {
  const input = tf.add(tf.matMul(h, rbm.weights, false, true), rbm.visibleBias) as tf.Tensor2D;
  return rbm.visible === 'binary' ? tf.sigmoid(input) : input;
}

/** A sample of units of `kind` with these means: Bernoulli, or the mean plus unit-variance noise. */
export function sampleUnits(kind: UnitKind, mean: tf.Tensor2D, seed: number): tf.Tensor2D {
  if (kind === 'binary') return tf.cast(tf.greater(mean, tf.randomUniform(mean.shape, 0, 1, 'float32', seed)), 'float32') as tf.Tensor2D;
  return tf.add(mean, tf.randomNormal(mean.shape, 0, 1, 'float32', seed)) as tf.Tensor2D;
}

/**
 * Free energy per example, F(v) = −log Σ_h e^{−E(v,h)} up to a constant: −bᵀv (+ |v|²/2) − Σ_j f(x_j) with
 * x = vW + c and f = softplus (binary hidden) or x²/2 (Gaussian hidden, dropping its log √2π).
 */
export function freeEnergy(rbm: Rbm, v: tf.Tensor2D): tf.Tensor1D {
  const x = tf.add(tf.matMul(v, rbm.weights), rbm.hiddenBias);
  const hiddenTerm = rbm.hidden === 'binary' ? tf.softplus(x) : tf.mul(tf.square(x), 0.5);
  let visibleTerm: tf.Tensor = tf.sum(tf.mul(v, rbm.visibleBias), 1);
  if (rbm.visible === 'gaussian') visibleTerm = tf.sub(visibleTerm, tf.mul(tf.sum(tf.square(v), 1), 0.5));
  return tf.neg(tf.add(visibleTerm, tf.sum(hiddenTerm, 1))) as tf.Tensor1D;
}

/** The hidden means of many rows, in chunks, as one [count, hidden] array: the data of the next RBM up. */
export function hiddenMeansOf(rbm: Rbm, x: Float32Array, count: number, chunk = 1000): Float32Array {
  const out = new Float32Array(count * rbm.hiddenSize);
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const mean = tf.tidy(() => hiddenMean(rbm, tf.tensor2d(x.subarray(start * rbm.visibleSize, end * rbm.visibleSize), [end - start, rbm.visibleSize])));
    out.set(mean.dataSync(), start * rbm.hiddenSize);
    mean.dispose();
  }
  return out;
}

/** Rows `indices` of a row-major [*, size] matrix as a tensor. */
export function gatherRows(x: Float32Array, size: number, indices: ArrayLike<number>): tf.Tensor2D {
  const rows = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) rows.set(x.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
  return tf.tensor2d(rows, [indices.length, size]);
}
