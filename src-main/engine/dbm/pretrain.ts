import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../rng';
import type { Rbm } from '../rbm/rbm';
import { bernoulli } from './dbm';

/**
 * Which RBM of a two-layer DBM's greedy pretraining (Salakhutdinov & Hinton 2009, section 3.1): the bottom
 * one sees its hidden layer through 2W and 2c going up (h1 will also get input from h2 in the DBM), the
 * top one its visible layer through 2W and 2b going down (h1 will also get input from v).
 */
export type DoubledSide = 'bottom' | 'top';

/** Total input of the hidden units: doubled weights and biases for the bottom RBM (rbm.m: `data*(2*vishid)` and `2*hidbiases`). Call in tf.tidy. */
export function hiddenInput(rbm: Rbm, v: tf.Tensor2D, side: DoubledSide): tf.Tensor2D {
  const x = tf.add(tf.matMul(v, rbm.weights), rbm.hiddenBias);
  return (side === 'bottom' ? tf.mul(x, 2) : x) as tf.Tensor2D;
}

/** Total input of the visible units: doubled for the top RBM (rbm_l2.m: `poshidstates*(2*vishid)'` and `2*visbiases`). Call in tf.tidy. */
export function visibleInput(rbm: Rbm, h: tf.Tensor2D, side: DoubledSide): tf.Tensor2D {
  const x = tf.add(tf.matMul(h, rbm.weights, false, true), rbm.visibleBias);
  return (side === 'top' ? tf.mul(x, 2) : x) as tf.Tensor2D;
}

/**
 * CD-k for one of the doubled RBMs, as the authors' rbm.m (bottom) and rbm_l2.m (top) do it: the batch is
 * binarised by sampling (`data > rand`), the chain is driven by sampled hidden and visible states, the
 * statistics are vᵀp(h|v) with the sampled negative data; momentum, weight cost on W only:
 *   ΔW ← mΔW + ε((v₀ᵀp₀ − vₖᵀpₖ)/n − λW),  Δb ← mΔb + (ε/n)Σ(v₀ − vₖ),  Δc ← mΔc + (ε/n)Σ(p₀ − pₖ).
 * The gradient is the plain one for W (not doubled), as in the code.
 */
export class DoubledRbmTrainer {
  private readonly weightStep: tf.Variable;
  private readonly visibleStep: tf.Variable;
  private readonly hiddenStep: tf.Variable;

  constructor(
    private readonly rbm: Rbm,
    private readonly side: DoubledSide,
    private readonly weightDecay: number,
  ) {
    this.weightStep = tf.variable(tf.zerosLike(rbm.weights), false);
    this.visibleStep = tf.variable(tf.zerosLike(rbm.visibleBias), false);
    this.hiddenStep = tf.variable(tf.zerosLike(rbm.hiddenBias), false);
  }

  /** One update on `probabilities` (the batch, before sampling); returns the squared error of the sampled reconstruction per example (the code's err / n). */
  step(probabilities: tf.Tensor2D, hyper: { learningRate: number; momentum: number; cdSteps: number }, seed: number): number {
    const { rbm, side } = this;
    const n = probabilities.shape[0];
    const error = tf.tidy(() => {
      const v0 = bernoulli(probabilities, deriveSeed(seed, 'data'));
      const p0 = tf.sigmoid(hiddenInput(rbm, v0, side));
      let p = p0;
      let negative = v0;
      for (let k = 0; k < hyper.cdSteps; k++) {
        const h = bernoulli(p, deriveSeed(seed, 'h', k));
        negative = bernoulli(tf.sigmoid(visibleInput(rbm, h, side)), deriveSeed(seed, 'v', k));
        p = tf.sigmoid(hiddenInput(rbm, negative, side));
      }
      const weightGradient = tf.sub(tf.div(tf.sub(tf.matMul(v0, p0, true), tf.matMul(negative, p, true)), n), tf.mul(rbm.weights, this.weightDecay));
      const visibleGradient = tf.div(tf.sub(tf.sum(v0, 0), tf.sum(negative, 0)), n);
      const hiddenGradient = tf.div(tf.sub(tf.sum(p0, 0), tf.sum(p, 0)), n);
      const { learningRate: rate, momentum } = hyper;
      this.weightStep.assign(tf.add(tf.mul(this.weightStep, momentum), tf.mul(weightGradient, rate)));
      this.visibleStep.assign(tf.add(tf.mul(this.visibleStep, momentum), tf.mul(visibleGradient, rate)));
      this.hiddenStep.assign(tf.add(tf.mul(this.hiddenStep, momentum), tf.mul(hiddenGradient, rate)));
      rbm.weights.assign(tf.add(rbm.weights, this.weightStep));
      rbm.visibleBias.assign(tf.add(rbm.visibleBias, this.visibleStep));
      rbm.hiddenBias.assign(tf.add(rbm.hiddenBias, this.hiddenStep));
      return tf.div(tf.sum(tf.square(tf.sub(v0, negative))), n);
    });
    const value = error.dataSync()[0];
    error.dispose();
    return value;
  }

  dispose(): void {
    tf.dispose([this.weightStep, this.visibleStep, this.hiddenStep]);
  }
}

/** The top RBM's data: the bottom RBM's doubled posterior σ(2(xW + c)) of every row, in chunks (rbm_l2.m samples it per batch; so does the trainer). */
export function doubledHiddenProbabilities(rbm: Rbm, x: Float32Array, count: number, chunk = 1000): Float32Array {
  const out = new Float32Array(count * rbm.hiddenSize);
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const p = tf.tidy(() => tf.sigmoid(hiddenInput(rbm, tf.tensor2d(x.subarray(start * rbm.visibleSize, end * rbm.visibleSize), [end - start, rbm.visibleSize]), 'bottom')));
    out.set(p.dataSync(), start * rbm.hiddenSize);
    p.dispose();
  }
  return out;
}
