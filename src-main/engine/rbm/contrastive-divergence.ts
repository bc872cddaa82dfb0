import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../rng';
import { hiddenMean, sampleUnits, visibleMean, type Rbm } from './rbm';

export interface CdOptions {
  /** Gibbs steps of the negative phase (CD-k). */
  steps: number;
  /** Persistent CD (Tieleman 2008): the negative chains carry on from batch to batch instead of starting at the data. */
  persistent: boolean;
  weightDecay: number;
  /** Hidden units kept near a target mean activity (Lee et al. 2008; Hinton's practical guide, section 11). */
  sparsity: { target: number; cost: number; decay: number } | null;
}

export interface CdHyper {
  learningRate: number;
  momentum: number;
}

/**
 * Contrastive divergence with the update of Hinton & Salakhutdinov's rbm.m:
 *   ΔW ← m·ΔW + ε((⟨vh⟩₀ − ⟨vh⟩ₖ)/n − λW),  Δb ← m·Δb + (ε/n)(Σv₀ − Σvₖ),  Δc likewise,
 * positive statistics from the hidden probabilities (means) of the data, negative ones from the visible
 * means and hidden means at the end of the chain; the chain is driven by sampled hidden states.
 */
export class ContrastiveDivergence {
  private readonly weightStep: tf.Variable;
  private readonly visibleStep: tf.Variable;
  private readonly hiddenStep: tf.Variable;
  private chains: tf.Variable | null = null;
  private activity: tf.Variable | null = null;

  constructor(
    private readonly rbm: Rbm,
    private readonly options: CdOptions,
  ) {
    this.weightStep = tf.variable(tf.zerosLike(rbm.weights), false);
    this.visibleStep = tf.variable(tf.zerosLike(rbm.visibleBias), false);
    this.hiddenStep = tf.variable(tf.zerosLike(rbm.hiddenBias), false);
  }

  /** One update on the batch `v`; returns its squared one-step reconstruction error summed over units, averaged over examples (rbm.m's err / n). */
  step(v: tf.Tensor2D, hyper: CdHyper, seed: number): number {
    const { rbm, options } = this;
    const n = v.shape[0];
    const error = tf.tidy(() => {
      const positiveHidden = hiddenMean(rbm, v);
      const hiddenSample = sampleUnits(rbm.hidden, positiveHidden, deriveSeed(seed, 'h', 0));
      const reconstruction = visibleMean(rbm, hiddenSample);
      const reconstructionError = tf.div(tf.sum(tf.square(tf.sub(v, reconstruction))), n);

      let negativeVisible: tf.Tensor2D;
      let negativeHidden: tf.Tensor2D;
      if (options.persistent) {
        // The chains start where the last batch left them (at the first batch: at the data).
        this.chains ??= tf.variable(v, false);
        if (this.chains.shape[0] !== n) throw new Error(`persistent CD keeps ${this.chains.shape[0]} chains; this batch has ${n} examples: use a batch size that divides the training set`);
        let h = sampleUnits(rbm.hidden, hiddenMean(rbm, this.chains as tf.Tensor2D), deriveSeed(seed, 'h', 0));
        let visible = this.chains as tf.Tensor2D;
        for (let k = 1; k <= options.steps; k++) {
          visible = sampleUnits(rbm.visible, visibleMean(rbm, h), deriveSeed(seed, 'v', k));
          if (k < options.steps) h = sampleUnits(rbm.hidden, hiddenMean(rbm, visible), deriveSeed(seed, 'h', k));
        }
        this.chains.assign(visible);
        negativeVisible = visible;
        negativeHidden = hiddenMean(rbm, visible);
      } else {
        // rbm.m (CD-1): the negative visible units are the reconstruction's probabilities, not a sample.
        let h = hiddenSample;
        let visible = reconstruction;
        for (let k = 2; k <= options.steps; k++) {
          h = sampleUnits(rbm.hidden, hiddenMean(rbm, sampleUnits(rbm.visible, visible, deriveSeed(seed, 'v', k))), deriveSeed(seed, 'h', k));
          visible = visibleMean(rbm, h);
        }
        negativeVisible = visible;
        negativeHidden = hiddenMean(rbm, visible);
      }

      const positiveProducts = tf.matMul(v, positiveHidden, true, false);
      const negativeProducts = tf.matMul(negativeVisible, negativeHidden, true, false);
      let weightGradient = tf.sub(tf.div(tf.sub(positiveProducts, negativeProducts), n), tf.mul(rbm.weights, options.weightDecay));
      let hiddenGradient = tf.div(tf.sub(tf.sum(positiveHidden, 0), tf.sum(negativeHidden, 0)), n);
      const visibleGradient = tf.div(tf.sub(tf.sum(v, 0), tf.sum(negativeVisible, 0)), n);
      if (options.sparsity) {
        const { target, cost, decay } = options.sparsity;
        const batchActivity = tf.mean(positiveHidden, 0);
        this.activity ??= tf.variable(batchActivity, false);
        this.activity.assign(tf.add(tf.mul(this.activity, decay), tf.mul(batchActivity, 1 - decay)));
        const push = tf.mul(tf.sub(target, this.activity), cost);
        hiddenGradient = tf.add(hiddenGradient, push);
        weightGradient = tf.add(weightGradient, tf.mul(tf.reshape(tf.mean(v, 0), [-1, 1]), tf.reshape(push, [1, -1])));
      }
      const { learningRate: rate, momentum } = hyper;
      this.weightStep.assign(tf.add(tf.mul(this.weightStep, momentum), tf.mul(weightGradient, rate)));
      this.visibleStep.assign(tf.add(tf.mul(this.visibleStep, momentum), tf.mul(visibleGradient, rate)));
      this.hiddenStep.assign(tf.add(tf.mul(this.hiddenStep, momentum), tf.mul(hiddenGradient, rate)));
      rbm.weights.assign(tf.add(rbm.weights, this.weightStep));
      rbm.visibleBias.assign(tf.add(rbm.visibleBias, this.visibleStep));
      rbm.hiddenBias.assign(tf.add(rbm.hiddenBias, this.hiddenStep));
      return reconstructionError;
    });
    const value = error.dataSync()[0];
    error.dispose();
    return value;
  }

  dispose(): void {
    tf.dispose([this.weightStep, this.visibleStep, this.hiddenStep, ...(this.chains ? [this.chains] : []), ...(this.activity ? [this.activity] : [])]);
  }
}
