import * as tf from '@tensorflow/tfjs-core';
import { betaSchedule, softplus, summariseAis, type AisEstimate } from '../rbm/ais';
import { deriveSeed } from '../rng';
import { bernoulli, type Dbm } from './dbm';

export interface DbmAisOptions {
  runs: number;
  betas: number;
  seed: number;
  progress?: (fraction: number) => void;
}

/**
 * AIS of a two-layer DBM's log Z (Salakhutdinov & Hinton 2009, section 4; Salakhutdinov & Murray 2008).
 * v and h2 are independent given h1, so both are summed out and the runs move through h1 only:
 *   log p*_β(h1) = βc1ᵀh1 + Σ_i softplus((1−β)a_i + β(W1h1 + b)_i) + Σ_k softplus(β(h1W2 + c2)_k),
 * from the base model at β = 0 (visible units at the data's base rates a, h1 and h2 uniform: log Z_A =
 * Σ softplus(a) + (|h1| + |h2|) log 2) to the DBM at β = 1; each β moves the runs by one Gibbs sweep
 * (v and h2 given h1, then h1 given both) that leaves p_β invariant. The β schedule is the RBM AIS's.
 */
export function estimateDbmLogPartition(dbm: Dbm, baseBias: Float32Array, options: DbmAisOptions): AisEstimate {
  const { runs, seed } = options;
  const betas = betaSchedule(options.betas);
  const H1 = dbm.W1.shape[1];
  const H2 = dbm.W2.shape[1];
  let baseLogZ = (H1 + H2) * Math.LN2;
  for (const a of baseBias) baseLogZ += softplus(a);
  const base = tf.tensor1d(baseBias);
  const logWeights = tf.variable(tf.zeros([runs]), false);
  let h1 = bernoulli(tf.fill([runs, H1], 0.5), deriveSeed(seed, 'dbm-ais-start'));
  try {
    for (let k = 1; k < betas.length; k++) {
      const next = tf.tidy(() => {
        const down = tf.add(tf.matMul(h1, dbm.W1, false, true), dbm.b);
        const up = tf.add(tf.matMul(h1, dbm.W2), dbm.c2);
        const biasTerm = tf.sum(tf.mul(h1, dbm.c1), 1);
        const logP = (beta: number) =>
          tf.add(tf.add(tf.mul(biasTerm, beta), tf.sum(tf.softplus(tf.add(tf.mul(base, 1 - beta), tf.mul(down, beta))), 1)), tf.sum(tf.softplus(tf.mul(up, beta)), 1));
        logWeights.assign(tf.add(logWeights, tf.sub(logP(betas[k]), logP(betas[k - 1]))));
        if (k === betas.length - 1) return h1;
        const beta = betas[k];
        const v = bernoulli(tf.sigmoid(tf.add(tf.mul(base, 1 - beta), tf.mul(down, beta))), deriveSeed(seed, 'dbm-ais-v', k));
        const h2 = bernoulli(tf.sigmoid(tf.mul(up, beta)), deriveSeed(seed, 'dbm-ais-h2', k));
        const input = tf.add(tf.add(tf.matMul(v, dbm.W1), tf.matMul(h2, dbm.W2, false, true)), dbm.c1);
        return bernoulli(tf.sigmoid(tf.mul(input, beta)), deriveSeed(seed, 'dbm-ais-h1', k));
      });
      if (next !== h1) {
        h1.dispose();
        h1 = next;
      }
      if (k % 200 === 0) options.progress?.(k / (betas.length - 1));
    }
    return summariseAis(Array.from(logWeights.dataSync()), baseLogZ);
  } finally {
    tf.dispose([base, logWeights, h1]);
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
