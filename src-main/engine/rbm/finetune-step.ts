import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer, StepHyper } from '../optimizers';

/**
 * One gradient step of `loss` on `variables` only (the others held fixed), with the run's optimizer.
 * `loss` may keep extra tensors with tf.keep (e.g. a count of correct predictions); the caller frees them.
 */
export function gradientStep(optimizer: Optimizer, variables: tf.Variable[], hyper: StepHyper, loss: () => tf.Scalar): number {
  const value = tf.tidy(() => {
    const { value: lossValue, grads } = tf.variableGrads(loss, variables);
    optimizer.step(
      variables.map((variable) => ({ variable, gradient: grads[variable.name] })),
      hyper,
    );
    return lossValue;
  });
  const result = value.dataSync()[0];
  value.dispose();
  return result;
}

/** Cross-entropy of logistic outputs with targets in [0, 1] from the logits, stable for any logit: max(z, 0) − z·x + log(1 + e^{−|z|}); summed over an example's units, averaged over examples (CG_MNIST.m). */
export function sigmoidCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  const perUnit = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.div(tf.sum(perUnit), logits.shape[0]) as tf.Scalar;
}
