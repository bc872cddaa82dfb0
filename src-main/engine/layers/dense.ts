import * as tf from '@tensorflow/tfjs-core';
import { applyActivation, type ActivationName } from './activation-fn';
import type { LayerForward } from './types';

/** y = activation(x·W + b), W of shape [inputs, units]. */
export const denseForward: LayerForward = ([x], params, { weights }) => {
  const product = tf.matMul(x as tf.Tensor2D, weights.kernel as tf.Tensor2D);
  const summed = weights.bias ? tf.add(product, weights.bias) : product;
  return applyActivation(summed, params.activation as ActivationName);
};
