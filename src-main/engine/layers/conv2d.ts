import * as tf from '@tensorflow/tfjs-core';
import { conv2dLayer } from '../backend/train-ops';
import { applyActivation, type ActivationName } from './activation-fn';
import { fusedOpsEnabled, isFusedActivation } from './fused-ops';
import type { LayerForward } from './types';

/**
 * NHWC convolution with a [k, k, in, filters] kernel. Stride 1 with a bias and relu/linear uses the
 * fused op (its gradient is tested for stride 1 only); anything else plain tfjs ops. A max pool the
 * model hands over (context.maxPool) is applied after the activation on either path.
 */
export const conv2dForward: LayerForward = ([x], params, { weights, inputsAreData, maxPool }) => {
  const stride = params.stride as number;
  const padding = params.padding as 'valid' | 'same';
  const activation = params.activation as ActivationName;
  if (fusedOpsEnabled() && stride === 1 && weights.bias && isFusedActivation(activation)) {
    return conv2dLayer(x as tf.Tensor4D, weights.kernel as tf.Tensor4D, weights.bias as tf.Tensor1D, {
      pad: padding, activation, inputGrad: !inputsAreData, maxPool,
    });
  }
  const convolved = tf.conv2d(x as tf.Tensor4D, weights.kernel as tf.Tensor4D, stride, padding);
  const summed = weights.bias ? tf.add(convolved, weights.bias) : convolved;
  const activated = applyActivation(summed, activation);
  return maxPool ? tf.maxPool(activated as tf.Tensor4D, maxPool.size, maxPool.size, 'valid') : activated;
};
