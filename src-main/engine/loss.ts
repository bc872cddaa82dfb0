import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../src-shared/config/schema';
import { softmaxCrossEntropy } from './backend/train-ops';
import { fusedOpsEnabled } from './layers/fused-ops';

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

/** The batch's mean loss, for training; cross-entropy uses the fused op (one tape node, gradient softmax − target). */
export function meanLoss(kind: LossKind, output: tf.Tensor, target: tf.Tensor): tf.Scalar {
  if (kind === 'softmax-cross-entropy' && fusedOpsEnabled()) {
    const flatOutput = tf.reshape(output, [output.shape[0], -1]) as tf.Tensor2D;
    const flatTarget = tf.reshape(target, [target.shape[0], -1]) as tf.Tensor2D;
    return softmaxCrossEntropy(flatOutput, flatTarget);
  }
  return tf.mean(perExampleLoss(kind, output, target)) as tf.Scalar;
}

/** Whether the model should be applied without its final softmax for this loss. */
export const wantsLogits = (kind: LossKind): boolean => kind === 'softmax-cross-entropy';
