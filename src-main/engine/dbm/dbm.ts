import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../rng';

/**
 * A two-layer binary deep Boltzmann machine (Salakhutdinov & Hinton 2009):
 *   E(v, h1, h2) = −vᵀW1h1 − h1ᵀW2h2 − bᵀv − c1ᵀh1 − c2ᵀh2,
 * W1 [visible, h1] and W2 [h1, h2] as dense kernels. The tensors may be the network's own variables.
 */
export interface Dbm {
  W1: tf.Tensor2D;
  W2: tf.Tensor2D;
  b: tf.Tensor1D;
  c1: tf.Tensor1D;
  c2: tf.Tensor1D;
}

/** What greedy pretraining hands the joint model: each RBM's weights and biases as they were trained. */
export interface PretrainedPair {
  bottom: { W: tf.Tensor2D; visibleBias: tf.Tensor1D; hiddenBias: tf.Tensor1D };
  top: { W: tf.Tensor2D; visibleBias: tf.Tensor1D; hiddenBias: tf.Tensor1D };
}

/**
 * The joint DBM from the two pretrained RBMs, as dbm_mf.m builds it: both weight matrices as trained (not
 * halved: the doubling during pretraining already stands for the missing half of each layer's input), the
 * visible biases of the bottom RBM, the top RBM's hidden biases, and for h1 the sum of the bottom RBM's
 * hidden biases and the top RBM's visible biases (`hidbiases = (hidbiases + visbiases_l2)`). A widely read
 * NumPy reimplementation halves the weights and averages the biases instead; that is not the authors' model.
 */
export function composeDbm(pair: PretrainedPair): Dbm {
  return tf.tidy(() => ({
    W1: tf.clone(pair.bottom.W),
    W2: tf.clone(pair.top.W),
    b: tf.clone(pair.bottom.visibleBias),
    c1: tf.add(pair.bottom.hiddenBias, pair.top.visibleBias) as tf.Tensor1D,
    c2: tf.clone(pair.top.hiddenBias),
  }));
}

export interface MeanField {
  mu1: tf.Tensor2D;
  mu2: tf.Tensor2D;
}

/**
 * Mean-field posterior q(h1) q(h2) of the data `v` (mf.m): initialised by one bottom-up pass with the
 * first layer's weights doubled, μ1 = σ(2vW1 + c1) (mf.m adds c1 once), μ2 = σ(μ1W2 + c2), then `updates`
 * rounds of μ1 ← σ(vW1 + μ2W2ᵀ + c1), μ2 ← σ(μ1W2 + c2). mf.m also stops early once the mean absolute
 * change of both layers is below 1e-7; `tolerance` does the same (0: always all updates). Call in tf.tidy.
 */
export function meanField(dbm: Dbm, v: tf.Tensor2D, updates: number, tolerance = 0): MeanField & { updatesDone: number } {
  const fromBelow = tf.matMul(v, dbm.W1);
  let mu1 = tf.sigmoid(tf.add(tf.mul(fromBelow, 2), dbm.c1)) as tf.Tensor2D;
  let mu2 = tf.sigmoid(tf.add(tf.matMul(mu1, dbm.W2), dbm.c2)) as tf.Tensor2D;
  let updatesDone = 0;
  for (let i = 0; i < updates; i++) {
    const next1 = tf.sigmoid(tf.add(tf.add(fromBelow, tf.matMul(mu2, dbm.W2, false, true)), dbm.c1)) as tf.Tensor2D;
    const next2 = tf.sigmoid(tf.add(tf.matMul(next1, dbm.W2), dbm.c2)) as tf.Tensor2D;
    updatesDone += 1;
    const settled = tolerance > 0 && tf.mean(tf.abs(tf.sub(next1, mu1))).dataSync()[0] < tolerance && tf.mean(tf.abs(tf.sub(next2, mu2))).dataSync()[0] < tolerance;
    mu1 = next1;
    mu2 = next2;
    if (settled) break;
  }
  return { mu1, mu2, updatesDone };
}

/**
 * The variational lower bound on log p(v) per example for the factorised q = q(h1)q(h2) (Salakhutdinov &
 * Hinton 2009, eq. 6): E_q[−E(v, h)] + H(q) − log Z, with
 * E_q[−E] = vᵀW1μ1 + μ1ᵀW2μ2 + bᵀv + c1ᵀμ1 + c2ᵀμ2 and H(q) = −Σ μ log μ + (1−μ) log(1−μ). Call in tf.tidy.
 */
export function lowerBound(dbm: Dbm, v: tf.Tensor2D, q: MeanField, logZ: number): tf.Tensor1D {
  const { mu1, mu2 } = q;
  const pair1 = tf.sum(tf.mul(tf.matMul(v, dbm.W1), mu1), 1);
  const pair2 = tf.sum(tf.mul(tf.matMul(mu1, dbm.W2), mu2), 1);
  const biases = tf.add(tf.add(tf.sum(tf.mul(v, dbm.b), 1), tf.sum(tf.mul(mu1, dbm.c1), 1)), tf.sum(tf.mul(mu2, dbm.c2), 1));
  const entropy = tf.add(bernoulliEntropy(mu1), bernoulliEntropy(mu2));
  return tf.sub(tf.add(tf.add(tf.add(pair1, pair2), biases), entropy), logZ) as tf.Tensor1D;
}

function bernoulliEntropy(mu: tf.Tensor2D): tf.Tensor1D {
  const eps = 1e-7;
  const p = tf.clipByValue(mu, eps, 1 - eps);
  return tf.neg(tf.sum(tf.add(tf.mul(p, tf.log(p)), tf.mul(tf.sub(1, p), tf.log(tf.sub(1, p)))), 1)) as tf.Tensor1D;
}

/**
 * Bernoulli samples with these probabilities, drawn in JS with an inlined mulberry32 (as the dropout
 * masks): tfjs's randomUniform and greater cost tens of ms per 100,000 values on the wasm backend, which
 * made sampling most of a DBM update's time.
 */
export function bernoulli(p: tf.Tensor, seed: number): tf.Tensor2D {
  const probabilities = p.dataSync() as Float32Array;
  const out = new Float32Array(probabilities.length);
  let state = deriveSeed(seed, 'bernoulli') | 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 < probabilities[i] ? 1 : 0;
  }
  return tf.tensor2d(out, p.shape as [number, number]);
}
