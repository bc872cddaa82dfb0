import * as tf from '@tensorflow/tfjs-core';
import { applyActivation, type ActivationName } from './activation-fn';
import type { LayerForward } from './types';

/** NHWC convolution with a [k, k, in, filters] kernel. */
export const conv2dForward: LayerForward = ([x], params, { weights }) => {
  const stride = params.stride as number;
  const padding = params.padding as 'valid' | 'same';
  const convolved = tf.conv2d(x as tf.Tensor4D, weights.kernel as tf.Tensor4D, stride, padding);
  const summed = weights.bias ? tf.add(convolved, weights.bias) : convolved;
  return applyActivation(summed, params.activation as ActivationName);
};
