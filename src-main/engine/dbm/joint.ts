import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed } from '../rng';
import { bernoulli, meanField, type Dbm } from './dbm';

/** A DBM whose parameters train: the network's h1/h2 kernels and biases and a visible-bias variable. */
export interface DbmVariables extends Dbm {
  W1: tf.Variable<tf.Rank.R2>;
  W2: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  c1: tf.Variable<tf.Rank.R1>;
  c2: tf.Variable<tf.Rank.R1>;
}

export interface JointOptions {
  chains: number;
  meanFieldUpdates: number;
  gibbsSteps: number;
  weightDecay: number;
  /** dbm_mf.m's sparsity penalty on the mean-field activities (null: off). */
  sparsity: { target1: number; target2: number; cost: number; damping: number } | null;
  seed: number;
}

/**
 * Joint training of a two-layer DBM as dbm_mf.m does it (Salakhutdinov & Hinton 2009, Algorithm 1): the
 * data-dependent statistics from mean field on the sampled batch, the model's from persistent chains (as
 * many as the batch) advanced by `gibbsSteps` sweeps per update, then momentum updates with weight cost
 * on the weights. What the paper leaves out, the code says:
 * - the chains keep only h1's probabilities between updates; each sweep samples h1, then h2 and v given
 *   h1, then h1's probabilities given both; they start from random binary images passed up with 2W1;
 * - the model statistics use the sampled v, h1's probabilities and h2's probabilities given them;
 * - the sparsity gradient (means damped over batches, pulled toward 0.2 for h1 and 0.1 for h2) is applied
 *   to the biases and, through the mean activities of the layer below, to the weights.
 * Model statistics are divided by the chain count and data statistics by the batch size, so a short last
 * batch needs no chains of its own.
 */
/** Burn-in sweeps per tidy scope (bounds the intermediate tensors held at once). */
const BURN_IN_CHUNK = 50;

export class JointTrainer {
  private readonly steps: Record<'W1' | 'W2' | 'b' | 'c1' | 'c2', tf.Variable>;
  /** Persistent chains: h1's probabilities [chains, h1], and the last sweep's visible probabilities (for pictures). */
  readonly chainHidden: tf.Variable;
  readonly chainVisible: tf.Variable;
  private readonly means1: tf.Variable | null;
  private readonly means2: tf.Variable | null;

  constructor(
    private readonly dbm: DbmVariables,
    private readonly options: JointOptions,
  ) {
    const zerosOf = (t: tf.Tensor) => tf.variable(tf.zerosLike(t), false);
    this.steps = { W1: zerosOf(dbm.W1), W2: zerosOf(dbm.W2), b: zerosOf(dbm.b), c1: zerosOf(dbm.c1), c2: zerosOf(dbm.c2) };
    const visibleSize = dbm.W1.shape[0];
    const rng = createRng(deriveSeed(options.seed, 'dbm-chains-start'));
    const start = new Float32Array(options.chains * visibleSize);
    for (let i = 0; i < start.length; i++) start[i] = rng.uniform() < 0.5 ? 1 : 0;
    this.chainVisible = tf.variable(tf.tensor2d(start, [options.chains, visibleSize]), false);
    // dbm_mf.m: `data = round(rand(100,numdims)); neghidprobs = 1./(1 + exp(-data*(2*vishid) - repmat(hidbiases,numcases,1)))`.
    this.chainHidden = tf.variable(
      tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(this.chainVisible, tf.mul(dbm.W1, 2)), dbm.c1))),
      false,
    );
    const sparsity = options.sparsity;
    this.means1 = sparsity ? tf.variable(tf.fill([dbm.c1.shape[0]], sparsity.target1), false) : null;
    this.means2 = sparsity ? tf.variable(tf.fill([dbm.c2.shape[0]], sparsity.target2), false) : null;
  }

  /** One update on the batch `probabilities` (pixel intensities, sampled to binary here as dbm_mf.m does); returns the squared error of v against σ(μ1W1ᵀ + b) per example. */
  step(probabilities: tf.Tensor2D, hyper: { learningRate: number; momentum: number }, step: number): number {
    const { dbm, options } = this;
    const n = probabilities.shape[0];
    const m = options.chains;
    const seed = deriveSeed(options.seed, 'dbm-joint', step);
    const error = tf.tidy(() => {
      const v = bernoulli(probabilities, deriveSeed(seed, 'data'));
      const { mu1, mu2 } = meanField(dbm, v, options.meanFieldUpdates);

      const { hidden, visible } = this.advanceChains(options.gibbsSteps, seed);
      const top = tf.sigmoid(tf.add(tf.matMul(hidden, dbm.W2), dbm.c2));

      let gW1 = tf.sub(tf.sub(tf.div(tf.matMul(v, mu1, true), n), tf.div(tf.matMul(visible, hidden, true), m)), tf.mul(dbm.W1, options.weightDecay));
      let gW2 = tf.sub(tf.sub(tf.div(tf.matMul(mu1, mu2, true), n), tf.div(tf.matMul(hidden, top, true), m)), tf.mul(dbm.W2, options.weightDecay));
      const gb = tf.sub(tf.mean(v, 0), tf.mean(visible, 0));
      let gc1 = tf.sub(tf.mean(mu1, 0), tf.mean(hidden, 0));
      let gc2 = tf.sub(tf.mean(mu2, 0), tf.mean(top, 0));
      if (options.sparsity && this.means1 && this.means2) {
        const { target1, target2, cost, damping } = options.sparsity;
        const mean1 = tf.mean(mu1, 0);
        const mean2 = tf.mean(mu2, 0);
        this.means1.assign(tf.add(tf.mul(this.means1, damping), tf.mul(mean1, 1 - damping)));
        this.means2.assign(tf.add(tf.mul(this.means2, damping), tf.mul(mean2, 1 - damping)));
        const pull1 = tf.mul(tf.sub(this.means1, target1), cost);
        const pull2 = tf.mul(tf.sub(this.means2, target2), cost);
        const outer = (a: tf.Tensor, b: tf.Tensor) => tf.mul(tf.reshape(a, [-1, 1]), tf.reshape(b, [1, -1]));
        gW1 = tf.sub(gW1, outer(tf.mean(v, 0), pull1));
        gW2 = tf.sub(gW2, tf.add(outer(mean1, pull2), outer(pull1, mean2)));
        gc1 = tf.sub(gc1, pull1);
        gc2 = tf.sub(gc2, pull2);
      }
      const { learningRate: rate, momentum } = hyper;
      const apply = (key: keyof typeof this.steps, gradient: tf.Tensor) => {
        this.steps[key].assign(tf.add(tf.mul(this.steps[key], momentum), tf.mul(gradient, rate)));
        dbm[key].assign(tf.add(dbm[key], this.steps[key]) as never);
      };
      apply('W1', gW1);
      apply('W2', gW2);
      apply('b', gb);
      apply('c1', gc1);
      apply('c2', gc2);
      const reconstruction = tf.sigmoid(tf.add(tf.matMul(mu1, dbm.W1, false, true), dbm.b));
      return tf.div(tf.sum(tf.square(tf.sub(v, reconstruction))), n);
    });
    const value = error.dataSync()[0];
    error.dispose();
    return value;
  }

  /**
   * Gibbs sweeps of the persistent chains on the current model with no update: before the first update, so
   * the first model statistics come from chains that have left their random start. dbm_mf.m has no such
   * burn-in; it is off (0 sweeps) unless asked for.
   */
  burnIn(sweeps: number): void {
    const seed = deriveSeed(this.options.seed, 'dbm-burn-in');
    for (let done = 0; done < sweeps; done += BURN_IN_CHUNK) {
      tf.tidy(() => {
        this.advanceChains(Math.min(BURN_IN_CHUNK, sweeps - done), deriveSeed(seed, done));
      });
    }
  }

  /** `sweeps` Gibbs sweeps of the chains (h1 sampled, then h2 and v given h1, then h1's probabilities given both); stores and returns the last state. Call inside tf.tidy. */
  private advanceChains(sweeps: number, seed: number): { hidden: tf.Tensor2D; visible: tf.Tensor2D } {
    const { dbm } = this;
    let hidden = this.chainHidden as tf.Tensor2D;
    let visible = this.chainVisible as tf.Tensor2D;
    let visibleProbabilities = visible;
    for (let k = 0; k < sweeps; k++) {
      const h1 = bernoulli(hidden, deriveSeed(seed, 'h1', k));
      const h2 = bernoulli(tf.sigmoid(tf.add(tf.matMul(h1, dbm.W2), dbm.c2)), deriveSeed(seed, 'h2', k));
      visibleProbabilities = tf.sigmoid(tf.add(tf.matMul(h1, dbm.W1, false, true), dbm.b)) as tf.Tensor2D;
      visible = bernoulli(visibleProbabilities, deriveSeed(seed, 'v', k));
      hidden = tf.sigmoid(tf.add(tf.add(tf.matMul(visible, dbm.W1), tf.matMul(h2, dbm.W2, false, true)), dbm.c1)) as tf.Tensor2D;
    }
    this.chainHidden.assign(hidden);
    this.chainVisible.assign(visibleProbabilities);
    return { hidden, visible };
  }

  dispose(): void {
    tf.dispose([...Object.values(this.steps), this.chainHidden, this.chainVisible, ...(this.means1 ? [this.means1] : []), ...(this.means2 ? [this.means2] : [])]);
  }
}

/** dbm_mf.m's learning rate before global step `step` (0-based): divided by `decay` before every batch, never below `floor`. */
export function jointLearningRate(initial: number, decay: number, floor: number, step: number): number {
  return Math.max(initial / decay ** (step + 1), Math.min(floor, initial));
}
