import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../rng';
import { freeEnergy, sampleUnits, type Rbm } from './rbm';

export interface AisOptions {
  /** Independent annealing runs (Salakhutdinov & Murray 2008: 100). */
  runs: number;
  /** Intermediate distributions (the paper: 14,500 — 500 β in [0, 0.5), 4,000 in [0.5, 0.9), 10,000 in [0.9, 1]). */
  betas: number;
  seed: number;
  /** Called now and then with the fraction of the annealing done. */
  progress?: (fraction: number) => void;
}

export interface AisEstimate {
  logZ: number;
  /** log(Ẑ ∓ 3σ̂), σ̂ the standard error of the mean importance weight, as the paper reports its uncertainty (lower is −∞ when Ẑ − 3σ̂ ≤ 0). */
  logZLow: number;
  logZHigh: number;
  /** Standard error of log Ẑ (delta method: σ̂ / Ẑ). */
  logZStdError: number;
  /** log Z of the base-rate model the runs start from. */
  baseLogZ: number;
}

/**
 * Annealed importance sampling of an RBM's log partition function (Salakhutdinov & Murray 2008): from
 * the base-rate model A (no weights, visible biases fitted to the data's marginals, so Z_A is known)
 * to the RBM B through p_β*(v) = exp(vᵀ((1−β)b_A + βb_B)) · Π_j e^{f(β(vW + c)_j)}, each run moving
 * by one Gibbs sweep at each β and adding log p_βk*(v) − log p_βk−1*(v) to its log weight.
 * `data` gives the base rates (its rows of the RBM's visible size).
 */
export function estimateLogPartition(rbm: Rbm, data: Float32Array, count: number, options: AisOptions): AisEstimate {
  const baseBias = baseRates(rbm, data, count);
  const betas = betaSchedule(options.betas);
  const { runs, seed } = options;
  const baseLogZ = baseLogPartition(rbm, baseBias);
  const base = tf.tensor1d(baseBias);
  const logWeights = tf.variable(tf.zeros([runs]), false);
  let visible = tf.tidy(() => {
    const mean = rbm.visible === 'binary' ? tf.sigmoid(tf.tile(tf.reshape(base, [1, -1]), [runs, 1])) : tf.tile(tf.reshape(base, [1, -1]), [runs, 1]);
    return sampleUnits(rbm.visible, mean as tf.Tensor2D, deriveSeed(seed, 'ais-start'));
  });
  try {
    for (let k = 1; k < betas.length; k++) {
      const next = tf.tidy(() => {
        const input = tf.add(tf.matMul(visible, rbm.weights), rbm.hiddenBias) as tf.Tensor2D;
        const visibleFixed = (beta: number) => tf.sum(tf.mul(visible, tf.add(tf.mul(base, 1 - beta), tf.mul(rbm.visibleBias, beta))), 1);
        const hiddenTerm = (beta: number) => tf.sum(rbm.hidden === 'binary' ? tf.softplus(tf.mul(input, beta)) : tf.mul(tf.square(tf.mul(input, beta)), 0.5), 1);
        // The |v|²/2 of Gaussian visible units does not depend on β: it cancels in the difference.
        const gain = tf.sub(tf.add(visibleFixed(betas[k]), hiddenTerm(betas[k])), tf.add(visibleFixed(betas[k - 1]), hiddenTerm(betas[k - 1])));
        logWeights.assign(tf.add(logWeights, gain));
        if (k === betas.length - 1) return visible;
        // One Gibbs sweep that leaves p_βk invariant: h | v, then v | h.
        const beta = betas[k];
        const hiddenMean = rbm.hidden === 'binary' ? tf.sigmoid(tf.mul(input, beta)) : tf.mul(input, beta);
        const h = sampleUnits(rbm.hidden, hiddenMean as tf.Tensor2D, deriveSeed(seed, 'ais-h', k));
        const visibleInput = tf.add(tf.mul(base, 1 - beta), tf.mul(tf.add(tf.matMul(h, rbm.weights, false, true), rbm.visibleBias), beta)) as tf.Tensor2D;
        return sampleUnits(rbm.visible, rbm.visible === 'binary' ? tf.sigmoid(visibleInput) : visibleInput, deriveSeed(seed, 'ais-v', k));
      });
      if (next !== visible) {
        visible.dispose();
        visible = next;
      }
      if (k % 500 === 0) options.progress?.(k / (betas.length - 1));
    }
    return summariseAis(Array.from(logWeights.dataSync()), baseLogZ);
  } finally {
    tf.dispose([base, logWeights, visible]);
  }
}

/** Mean log-probability of the rows of `data` under the RBM with log partition function `logZ`: mean of −F(v) − log Z. */
export function meanLogProbability(rbm: Rbm, data: Float32Array, count: number, logZ: number, chunk = 1000): number {
  let sum = 0;
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const total = tf.tidy(() => tf.sum(freeEnergy(rbm, tf.tensor2d(data.subarray(start * rbm.visibleSize, end * rbm.visibleSize), [end - start, rbm.visibleSize]))));
    sum -= total.dataSync()[0];
    total.dispose();
  }
  return sum / count - logZ;
}

/** β from 0 to 1 in three evenly spaced runs holding 500/14500, 4000/14500 and 10000/14500 of the steps, as the paper's schedule. */
export function betaSchedule(count: number): number[] {
  const parts: [number, number, number][] = [
    [0, 0.5, Math.max(1, Math.round((count * 500) / 14500))],
    [0.5, 0.9, Math.max(1, Math.round((count * 4000) / 14500))],
  ];
  const used = parts[0][2] + parts[1][2];
  parts.push([0.9, 1, Math.max(1, count - used)]);
  const betas: number[] = [];
  for (const [from, to, steps] of parts) for (let i = 0; i < steps; i++) betas.push(from + ((to - from) * i) / steps);
  betas.push(1);
  return betas;
}

/**
 * Base rates: binary visible units get the logit of the data's mean with the pseudo-counts of
 * Salakhutdinov's AIS code (5 on per 100 examples); Gaussian visible units the data's mean.
 */
function baseRates(rbm: Rbm, data: Float32Array, count: number): Float32Array {
  const size = rbm.visibleSize;
  const sums = new Float64Array(size);
  for (let row = 0; row < count; row++) for (let i = 0; i < size; i++) sums[i] += data[row * size + i];
  const bias = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if (rbm.visible === 'gaussian') bias[i] = sums[i] / count;
    else {
      const p = (sums[i] + 0.05 * count) / (1.05 * count);
      bias[i] = Math.log(p) - Math.log(1 - p);
    }
  }
  return bias;
}

/** log Z of the base model: its visible units are independent; each binary hidden unit contributes log 2 (f(0) = softplus(0)). */
function baseLogPartition(rbm: Rbm, bias: Float32Array): number {
  let logZ = rbm.hidden === 'binary' ? rbm.hiddenSize * Math.LN2 : 0;
  for (const b of bias) logZ += rbm.visible === 'binary' ? softplus(b) : 0.5 * Math.log(2 * Math.PI) + 0.5 * b * b;
  return logZ;
}

/** Log Ẑ and its ±3σ̂ bounds from the runs' log importance weights and the base model's log Z. */
export function summariseAis(logWeights: number[], baseLogZ: number): AisEstimate {
  const max = logWeights.reduce((a, b) => Math.max(a, b), -Infinity);
  const ratios = logWeights.map((w) => Math.exp(w - max));
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const variance = ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(1, ratios.length - 1);
  const stdError = Math.sqrt(variance / ratios.length);
  const offset = baseLogZ + max;
  return {
    logZ: offset + Math.log(mean),
    logZLow: mean - 3 * stdError > 0 ? offset + Math.log(mean - 3 * stdError) : -Infinity,
    logZHigh: offset + Math.log(mean + 3 * stdError),
    logZStdError: stdError / mean,
    baseLogZ,
  };
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
