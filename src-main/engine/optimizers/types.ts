import * as tf from '@tensorflow/tfjs-core';

/** Per-step hyperparameters; the schedule decides them each epoch. */
export interface StepHyper {
  learningRate: number;
  /** SGD only. */
  momentum: number;
}

/**
 * What later steps depend on, for checkpoints: the slot values of each variable (in the order the
 * variables were given; empty before its first step) and the number of steps taken.
 */
export interface OptimizerState {
  iterations: number;
  slots: Float32Array[][];
}

/** Updates variables in place from their gradients. Call `step` inside tf.tidy. */
export interface Optimizer {
  step(pairs: { variable: tf.Variable; gradient: tf.Tensor }[], hyper: StepHyper): void;
  saveState(variables: readonly tf.Variable[]): OptimizerState;
  /** Restores a saved state into an optimizer that has not stepped yet; throws OptimizerStateError when it does not fit. */
  loadState(variables: readonly tf.Variable[], state: OptimizerState): void;
  /** Multiplies a variable's slots by a 0/1 mask (the slots of deleted weights become 0). Call inside tf.tidy. */
  applyMask(variable: tf.Variable, mask: tf.Tensor): void;
  dispose(): void;
}

export class OptimizerStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptimizerStateError';
  }
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

  /** The slot values of each variable, copied and multiplied by `sign` (a slot kept negated is saved as its plain value). */
  save(variables: readonly tf.Variable[], sign: 1 | -1 = 1): Float32Array[][] {
    return variables.map((variable) => (this.slots.get(variable) ?? []).map((slot) => signed(slot.dataSync() as Float32Array, sign)));
  }

  /** Sets each variable's slots from saved values times `sign`; a variable saved without slots gets them on first use. */
  load(variables: readonly tf.Variable[], saved: Float32Array[][], sign: 1 | -1 = 1): void {
    if (saved.length !== variables.length) {
      throw new OptimizerStateError(`the optimizer state holds slots for ${saved.length} weights, the model has ${variables.length}`);
    }
    variables.forEach((variable, i) => {
      if (saved[i].length === 0) return;
      if (saved[i].length !== this.count) {
        throw new OptimizerStateError(`weight ${variable.name}: the optimizer state holds ${saved[i].length} slots, this optimizer keeps ${this.count}`);
      }
      const slots = this.get(variable);
      saved[i].forEach((values, s) => {
        if (values.length !== variable.size) {
          throw new OptimizerStateError(`weight ${variable.name}: slot ${s} holds ${values.length} values, the weight has ${variable.size}`);
        }
        const tensor = tf.tensor(signed(values, sign), variable.shape, 'float32');
        slots[s].assign(tensor);
        tensor.dispose();
      });
    });
  }

  /** Multiplies the variable's slots (if it has any yet) by `mask`. */
  mask(variable: tf.Variable, mask: tf.Tensor): void {
    for (const slot of this.slots.get(variable) ?? []) slot.assign(tf.mul(slot, mask));
  }

  dispose(): void {
    for (const slots of this.slots.values()) for (const slot of slots) slot.dispose();
    this.slots.clear();
  }
}

function signed(values: Float32Array, sign: 1 | -1): Float32Array {
  const copy = values.slice();
  if (sign === -1) for (let i = 0; i < copy.length; i++) copy[i] = -copy[i];
  return copy;
}

/** A variable holding `initial`'s values; `initial` is freed. */
export function variableFrom(initial: tf.Tensor, trainable = false): tf.Variable {
  const variable = tf.variable(initial, trainable);
  initial.dispose();
  return variable;
}

export const zeroSlot = (variable: tf.Variable): tf.Variable => variableFrom(tf.zerosLike(variable));
