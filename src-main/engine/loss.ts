import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../src-shared/config/schema';

export type LossKind = TrainConfig['loss'];

/**
 * Per-example losses [n]. Cross-entropy takes logits (the model applied with `logits: true`)
 * and uses log-softmax, so it stays finite where softmax underflows. MSE averages over outputs.
 */
export function perExampleLoss(kind: LossKind, output: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  const flatOutput = tf.reshape(output, [output.shape[0], -1]);
  const flatTarget = tf.reshape(target, [target.shape[0], -1]);
  if (kind === 'softmax-cross-entropy') {
    return tf.neg(tf.sum(tf.mul(flatTarget, tf.logSoftmax(flatOutput)), 1)) as tf.Tensor1D;
  }
  return tf.mean(tf.squaredDifference(flatOutput, flatTarget), 1) as tf.Tensor1D;
}

/** Whether the model should be applied without its final softmax for this loss. */
export const wantsLogits = (kind: LossKind): boolean => kind === 'softmax-cross-entropy';
