import * as tf from '@tensorflow/tfjs-core';

/** Per-step hyperparameters; the schedule decides them each epoch. */
export interface StepHyper {
  learningRate: number;
  /** SGD only. */
  momentum: number;
}

/** Updates variables in place from their gradients. Call inside tf.tidy. */
export interface Optimizer {
  step(pairs: { variable: tf.Variable; gradient: tf.Tensor }[], hyper: StepHyper): void;
  dispose(): void;
}

/** Per-variable state (velocity, moments) as zero-initialised variables, created on first use. */
export class SlotStore {
  private readonly slots = new Map<tf.Variable, tf.Variable[]>();

  constructor(
    private readonly count: number,
    private readonly zerosLike: (variable: tf.Variable) => tf.Variable,
  ) {}

  get(variable: tf.Variable): tf.Variable[] {
    let slots = this.slots.get(variable);
    if (!slots) {
      slots = Array.from({ length: this.count }, () => this.zerosLike(variable));
      this.slots.set(variable, slots);
    }
    return slots;
  }

  dispose(): void {
    for (const slots of this.slots.values()) for (const slot of slots) slot.dispose();
    this.slots.clear();
  }
}

/** A variable holding `initial`'s values; `initial` is freed. */
export function variableFrom(initial: tf.Tensor, trainable = false): tf.Variable {
  const variable = tf.variable(initial, trainable);
  initial.dispose();
  return variable;
}

export const zeroSlot = (variable: tf.Variable): tf.Variable => variableFrom(tf.zerosLike(variable));
