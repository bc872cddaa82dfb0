import * as tf from '@tensorflow/tfjs-core';
import { conv2dLayer } from '../backend/train-ops';
import { applyActivation, type ActivationName } from './activation-fn';
import { fusedOpsEnabled, isFusedActivation } from './fused-ops';
import type { LayerForward } from './types';

/**
 * NHWC convolution with a [k, k, in, filters] kernel. Stride 1 with a bias and relu/linear uses the
 * fused op (its gradient is tested for stride 1 only); anything else plain tfjs ops.
 */
export const conv2dForward: LayerForward = ([x], params, { weights, inputsAreData }) => {
  const stride = params.stride as number;
  const padding = params.padding as 'valid' | 'same';
  const activation = params.activation as ActivationName;
  if (fusedOpsEnabled() && stride === 1 && weights.bias && isFusedActivation(activation)) {
    return conv2dLayer(x as tf.Tensor4D, weights.kernel as tf.Tensor4D, weights.bias as tf.Tensor1D, {
      pad: padding, activation, inputGrad: !inputsAreData,
    });
  }
  const convolved = tf.conv2d(x as tf.Tensor4D, weights.kernel as tf.Tensor4D, stride, padding);
  const summed = weights.bias ? tf.add(convolved, weights.bias) : convolved;
  return applyActivation(summed, activation);
};
