import * as tf from '@tensorflow/tfjs-core';
import { betaSchedule, softplus, summariseAis, type AisEstimate } from '../rbm/ais';
import { deriveSeed } from '../rng';
import { bernoulli, meanField, type Dbm } from './dbm';

export interface DbmAisOptions {
  runs: number;
  betas: number;
  seed: number;
  /** Logits of a factorial base over h1 and h2 (from hiddenBaseRates); absent: both uniform. */
  hiddenBase?: { h1: Float32Array; h2: Float32Array };
  progress?: (fraction: number) => void;
}

/**
 * AIS of a two-layer DBM's log Z (Salakhutdinov & Hinton 2009, section 4; Salakhutdinov & Murray 2008).
 * v and h2 are independent given h1, so both are summed out and the runs move through h1 only:
 *   log p*_β(h1) = βc1ᵀh1 + Σ_i softplus((1−β)a_i + β(W1h1 + b)_i) + Σ_k softplus(β(h1W2 + c2)_k),
 * from the base model at β = 0 (visible units at the data's base rates a, h1 and h2 uniform: log Z_A =
 * Σ softplus(a) + (|h1| + |h2|) log 2) to the DBM at β = 1; each β moves the runs by one Gibbs sweep
 * (v and h2 given h1, then h1 given both) that leaves p_β invariant. The β schedule is the RBM AIS's.
 * With `hiddenBase` the base is also factorial over h1 and h2 with logits a1, a2 (the data's mean-field
 * activations): every layer's input is then (1−β)·base + β·model, log Z_A = Σ softplus of all base logits,
 * and the runs start from h1 ~ σ(a1). A base close to the model's marginals leaves AIS less to bridge,
 * so fewer temperatures give the same accuracy; Z's estimate stays unbiased for any base.
 */
export function estimateDbmLogPartition(dbm: Dbm, baseBias: Float32Array, options: DbmAisOptions): AisEstimate {
  const { runs, seed } = options;
  const betas = betaSchedule(options.betas);
  const H1 = dbm.W1.shape[1];
  const H2 = dbm.W2.shape[1];
  const hiddenBase = options.hiddenBase ?? { h1: new Float32Array(H1), h2: new Float32Array(H2) };
  if (hiddenBase.h1.length !== H1 || hiddenBase.h2.length !== H2) throw new Error(`estimateDbmLogPartition: the hidden base has ${hiddenBase.h1.length} + ${hiddenBase.h2.length} logits, the DBM ${H1} + ${H2} units`);
  let baseLogZ = 0;
  for (const logits of [baseBias, hiddenBase.h1, hiddenBase.h2]) for (const a of logits) baseLogZ += softplus(a);
  const base = tf.tensor1d(baseBias);
  const base1 = tf.tensor1d(hiddenBase.h1);
  const base2 = tf.tensor1d(hiddenBase.h2);
  const logWeights = tf.variable(tf.zeros([runs]), false);
  let h1 = tf.tidy(() => bernoulli(tf.mul(tf.ones([runs, H1]), tf.sigmoid(base1)), deriveSeed(seed, 'dbm-ais-start')));
  try {
    for (let k = 1; k < betas.length; k++) {
      const next = tf.tidy(() => {
        const down = tf.add(tf.matMul(h1, dbm.W1, false, true), dbm.b);
        const up = tf.add(tf.matMul(h1, dbm.W2), dbm.c2);
        const bridge = (baseLogits: tf.Tensor1D, modelInput: tf.Tensor, beta: number) => tf.add(tf.mul(baseLogits, 1 - beta), tf.mul(modelInput, beta));
        const logP = (beta: number) =>
          tf.add(
            tf.add(tf.sum(tf.mul(h1, bridge(base1, dbm.c1, beta)), 1), tf.sum(tf.softplus(bridge(base, down, beta)), 1)),
            tf.sum(tf.softplus(bridge(base2, up, beta)), 1),
          );
        logWeights.assign(tf.add(logWeights, tf.sub(logP(betas[k]), logP(betas[k - 1]))));
        if (k === betas.length - 1) return h1;
        const beta = betas[k];
        const v = bernoulli(tf.sigmoid(bridge(base, down, beta)), deriveSeed(seed, 'dbm-ais-v', k));
        const h2 = bernoulli(tf.sigmoid(bridge(base2, up, beta)), deriveSeed(seed, 'dbm-ais-h2', k));
        const input = tf.add(tf.add(tf.matMul(v, dbm.W1), tf.matMul(h2, dbm.W2, false, true)), dbm.c1);
        return bernoulli(tf.sigmoid(bridge(base1, input, beta)), deriveSeed(seed, 'dbm-ais-h1', k));
      });
      if (next !== h1) {
        h1.dispose();
        h1 = next;
      }
      if (k % 200 === 0) options.progress?.(k / (betas.length - 1));
    }
    return summariseAis(Array.from(logWeights.dataSync()), baseLogZ);
  } finally {
    tf.dispose([base, base1, base2, logWeights, h1]);
  }
}

/** log Z of a DBM with at most 20 units in h1, exactly, in float64: the sum over h1 of the marginal above at β = 1. */
export function exactDbmLogPartition(dbm: Dbm): number {
  const W1 = dbm.W1.dataSync();
  const W2 = dbm.W2.dataSync();
  const b = dbm.b.dataSync();
  const c1 = dbm.c1.dataSync();
  const c2 = dbm.c2.dataSync();
  const [V, H1] = dbm.W1.shape;
  const H2 = dbm.W2.shape[1];
  if (H1 > 20) throw new Error(`exactDbmLogPartition: h1 has ${H1} units; enumerating its states needs at most 20`);
  const terms: number[] = [];
  for (let state = 0; state < 2 ** H1; state++) {
    let term = 0;
    for (let j = 0; j < H1; j++) if (state & (1 << j)) term += c1[j];
    for (let i = 0; i < V; i++) {
      let x = b[i];
      for (let j = 0; j < H1; j++) if (state & (1 << j)) x += W1[i * H1 + j];
      term += softplus(x);
    }
    for (let k = 0; k < H2; k++) {
      let x = c2[k];
      for (let j = 0; j < H1; j++) if (state & (1 << j)) x += W2[j * H2 + k];
      term += softplus(x);
    }
    terms.push(term);
  }
  const max = Math.max(...terms);
  return max + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - max), 0));
}

/**
 * Logits of h1's and h2's mean-field activations averaged over the first `rows` of `x` (probabilities), with
 * 5 pseudo-counts per 100 examples each way: the factorial hidden base of the DBM's AIS.
 */
export function hiddenBaseRates(dbm: Dbm, x: Float32Array, count: number, size: number, rows: number, updates: number): { h1: Float32Array; h2: Float32Array } {
  const n = Math.min(rows, count);
  const [sum1, sum2] = tf.tidy(() => {
    const q = meanField(dbm, tf.tensor2d(x.subarray(0, n * size), [n, size]), updates);
    return [tf.sum(q.mu1, 0).dataSync() as Float32Array, tf.sum(q.mu2, 0).dataSync() as Float32Array];
  });
  const logits = (sums: Float32Array) =>
    Float32Array.from(sums, (sum) => {
      // Pseudo-counts on both sides (the visible rates' only guard against 0): a unit on in every image must not get an infinite logit.
      const p = (sum + 0.05 * n) / (1.1 * n);
      return Math.log(p) - Math.log(1 - p);
    });
  return { h1: logits(sum1), h2: logits(sum2) };
}

/** Visible base rates from binary data, with the pseudo-counts of Salakhutdinov's base_rate.m (as the RBM AIS). */
export function visibleBaseRates(x: Float32Array, count: number, size: number): Float32Array {
  const sums = new Float64Array(size);
  for (let row = 0; row < count; row++) for (let i = 0; i < size; i++) sums[i] += x[row * size + i];
  const bias = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const p = (sums[i] + 0.05 * count) / (1.05 * count);
    bias[i] = Math.log(p) - Math.log(1 - p);
  }
  return bias;
}
