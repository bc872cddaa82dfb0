import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from './checkpoint-file';
import type { ModelWeight } from './model';
import type { Optimizer } from './optimizers';
import { decodeTensor, encodeTensor, type EncodedTensor } from './tensor-codec';

/** Masks as weights files and checkpoints store them: `{ nodeId: { kernel: { shape, data } } }`, 1 kept, 0 deleted. */
export type EncodedMasks = Record<string, Record<string, EncodedTensor>>;

/**
 * The deleted weights of a pruned network, one 0/1 mask per masked variable, held by the model. The one
 * place that honours them is the training step (fit.ts): gradients are masked before the optimizer sees
 * them, the weights after its step and max-norm, and the optimizer's slots when a fit starts; so a deleted
 * weight is exactly 0 in inference, saved weights, exports and checkpoints, which also store the masks.
 */
export class WeightMasks {
  private readonly masks = new Map<tf.Variable, tf.Tensor>();

  constructor(private readonly weights: readonly ModelWeight[]) {}

  get size(): number {
    return this.masks.size;
  }

  get(variable: tf.Variable): tf.Tensor | undefined {
    return this.masks.get(variable);
  }

  /** Sets a weight's mask (1 keep, 0 delete; replacing any before) and zeroes its deleted entries. */
  set(weight: ModelWeight, keep: Float32Array): void {
    const { variable } = weight;
    if (keep.length !== variable.size) throw new Error(`mask for ${weight.nodeId}.${weight.def.name}: ${keep.length} values, the weight has ${variable.size}`);
    this.masks.get(variable)?.dispose();
    const mask = tf.keep(tf.tensor(keep, variable.shape, 'float32'));
    this.masks.set(variable, mask);
    tf.tidy(() => variable.assign(tf.mul(variable, mask)));
  }

  /** The kept (1) / deleted (0) values of a weight's mask; all ones when it has none. */
  values(weight: ModelWeight): Float32Array {
    const mask = this.masks.get(weight.variable);
    return mask ? (mask.dataSync() as Float32Array).slice() : new Float32Array(weight.variable.size).fill(1);
  }

  /** The gradient with the deleted entries zeroed (the same tensor for an unmasked weight). Call inside tf.tidy. */
  maskGradient(variable: tf.Variable, gradient: tf.Tensor): tf.Tensor {
    const mask = this.masks.get(variable);
    return mask ? tf.mul(gradient, mask) : gradient;
  }

  /** Zeroes the deleted entries of every masked weight. Call inside tf.tidy. */
  apply(): void {
    for (const [variable, mask] of this.masks) variable.assign(tf.mul(variable, mask));
  }

  /** Zeroes the optimizer's slots (velocity, moments) of the deleted entries; with masked gradients they stay 0. */
  maskOptimizer(optimizer: Optimizer): void {
    for (const [variable, mask] of this.masks) optimizer.applyMask(variable, mask);
  }

  encode(): EncodedMasks {
    const encoded: EncodedMasks = {};
    for (const weight of this.weights) {
      const mask = this.masks.get(weight.variable);
      if (mask) (encoded[weight.nodeId] ??= {})[weight.def.name] = encodeTensor(mask.dataSync() as Float32Array, weight.variable.shape);
    }
    return encoded;
  }

  /** Sets the masks a weights file or checkpoint stored (replacing all); `where` names the file in errors. */
  load(encoded: EncodedMasks | undefined, where: string): void {
    this.clear();
    for (const [nodeId, named] of Object.entries(encoded ?? {})) {
      for (const [name, entry] of Object.entries(named)) {
        const weight = this.weights.find((candidate) => candidate.nodeId === nodeId && candidate.def.name === name);
        if (!weight) throw new CheckpointError(`${where}: masks.${nodeId}.${name}: the network has no such weight`);
        const values = decodeTensor(entry);
        if (typeof values === 'string') throw new CheckpointError(`${where}: masks.${nodeId}.${name} ${values}`);
        if (values.length !== weight.variable.size) throw new CheckpointError(`${where}: masks.${nodeId}.${name} holds ${values.length} values, the weight has ${weight.variable.size}`);
        this.set(weight, values);
      }
    }
  }

  clear(): void {
    for (const mask of this.masks.values()) mask.dispose();
    this.masks.clear();
  }

  dispose(): void {
    this.clear();
  }
}
