import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, StepHyper } from '../optimizers';
import { gradientStep } from '../rbm/finetune-step';
import { solveUpperWeights, stackedRows, targetRows, type DsnModuleWeights, type StackedInput } from './dsn-solve';

const ROWS_PER_CHUNK = 2000;

/** Σ over rows of ‖σ(XW + b)U + c − T‖², the module's squared error summed over classes (examples as rows). */
export function squaredError(x: tf.Tensor2D, targets: tf.Tensor2D, lower: tf.Tensor2D, lowerBias: tf.Tensor1D, upper: tf.Tensor2D, upperBias: tf.Tensor1D): tf.Scalar {
  const y = tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, lower), lowerBias)), upper), upperBias);
  return tf.sum(tf.squaredDifference(y, targets));
}

/**
 * Gradient refinement of one module's lower weights W, b (Deng, Yu & Platt 2012). The module's objective
 * is E(W) = min_U ‖UᵀH − T‖² + λ‖U‖² with H = σ(WᵀX), its minimum at U*(W) = (HHᵀ + λI)⁻¹HTᵀ. Because
 * ∂E/∂U = 0 at U* (the envelope theorem), the total gradient of E(W, U*(W)) with respect to W equals the
 * partial gradient with U held fixed at U*: how U* moves with W does not enter. So refinement is minibatch
 * gradient steps on W and b, by tfjs autodiff of the squared error with U and c constants (λ‖U‖² does not
 * depend on W), and U solved again in closed form after each epoch, which puts it back at its optimum for
 * the moved W; the last epoch's solve gives the final U. Within an epoch U lags W a little, so the steps
 * follow the gradient at a U slightly off its optimum; small steps keep them close to the total gradient.
 */
export class ModuleRefiner {
  readonly lower: tf.Variable;
  readonly lowerBias: tf.Variable;
  private upper: tf.Tensor2D;
  private upperBias: tf.Tensor1D;

  constructor(
    private readonly input: StackedInput,
    private readonly labels: Int32Array,
    private current: DsnModuleWeights,
    private readonly lambda: number,
    private readonly optimizer: Optimizer,
  ) {
    this.lower = tf.variable(tf.tensor2d(current.lower, [current.inputs, current.hidden]), true);
    this.lowerBias = tf.variable(tf.tensor1d(current.lowerBias), true);
    this.upper = tf.tensor2d(current.upper, [current.hidden, current.classes]);
    this.upperBias = tf.tensor1d(current.upperBias);
  }

  /** One step on the rows `indices`; returns their mean squared error (summed over classes) before the step. */
  step(indices: ArrayLike<number>, hyper: StepHyper): number {
    const x = stackedRows(this.input, indices);
    const targets = targetRows(Array.from(indices, (i) => this.labels[i]), this.input.classes);
    try {
      const { lower, lowerBias, upper, upperBias } = this;
      return gradientStep(this.optimizer, [lower, lowerBias], hyper, () => tf.div(squaredError(x, targets, lower as tf.Tensor2D, lowerBias as tf.Tensor1D, upper, upperBias), indices.length) as tf.Scalar);
    } finally {
      tf.dispose([x, targets]);
    }
  }

  /** U and c solved again in closed form for the current W, b; returns the module's training squared error. */
  resolve(progress: (fraction: number) => void = () => {}): number {
    const lower = Float32Array.from(this.lower.dataSync());
    const lowerBias = Float32Array.from(this.lowerBias.dataSync());
    const { upper, upperBias, trainMse } = solveUpperWeights(this.input, this.labels, lower, lowerBias, this.lambda, progress);
    tf.dispose([this.upper, this.upperBias]);
    this.upper = tf.tensor2d(upper, [this.current.hidden, this.current.classes]);
    this.upperBias = tf.tensor1d(upperBias);
    this.current = { ...this.current, lower, lowerBias, upper, upperBias };
    return trainMse;
  }

  /** The weights as of the last `resolve` (or the start). */
  get weights(): DsnModuleWeights {
    return this.current;
  }

  dispose(): void {
    tf.dispose([this.lower, this.lowerBias, this.upper, this.upperBias]);
  }
}

/** ∂/∂W and ∂/∂b of Σ_rows ‖σ(XW + b)U + c − T‖² at these U and c, held fixed, over every row of `input`. */
export function lowerGradient(input: StackedInput, labels: Int32Array, weights: DsnModuleWeights): { lower: Float32Array; lowerBias: Float32Array } {
  const lower = new Float32Array(weights.lower.length);
  const lowerBias = new Float32Array(weights.lowerBias.length);
  const fixed = [
    tf.tensor2d(weights.lower, [weights.inputs, weights.hidden]),
    tf.tensor1d(weights.lowerBias),
    tf.tensor2d(weights.upper, [weights.hidden, weights.classes]),
    tf.tensor1d(weights.upperBias),
  ] as const;
  try {
    for (let start = 0; start < input.count; start += ROWS_PER_CHUNK) {
      const end = Math.min(input.count, start + ROWS_PER_CHUNK);
      const indices = Array.from({ length: end - start }, (_, i) => start + i);
      const [dW, db] = tf.tidy(() => {
        const x = stackedRows(input, indices);
        const targets = targetRows(labels.subarray(start, end), input.classes);
        return tf.grads((w: tf.Tensor, b: tf.Tensor) => squaredError(x, targets, w as tf.Tensor2D, b as tf.Tensor1D, fixed[2], fixed[3]))([fixed[0], fixed[1]]);
      });
      const dWValues = dW.dataSync();
      const dbValues = db.dataSync();
      for (let i = 0; i < lower.length; i++) lower[i] += dWValues[i];
      for (let i = 0; i < lowerBias.length; i++) lowerBias[i] += dbValues[i];
      tf.dispose([dW, db]);
    }
  } finally {
    tf.dispose([...fixed]);
  }
  return { lower, lowerBias };
}
