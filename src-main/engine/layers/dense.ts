import * as tf from '@tensorflow/tfjs-core';
import { denseLayer } from '../backend/train-ops';
import { applyActivation, type ActivationName } from './activation-fn';
import { fusedOpsEnabled, isFusedActivation } from './fused-ops';
import type { LayerForward } from './types';

/** y = activation(x·W + b), W of shape [inputs, units]. Relu/linear with a bias use the fused op. */
export const denseForward: LayerForward = ([x], params, { weights, inputsAreData }) => {
  const activation = params.activation as ActivationName;
  if (fusedOpsEnabled() && weights.bias && isFusedActivation(activation)) {
    return denseLayer(x as tf.Tensor2D, weights.kernel as tf.Tensor2D, weights.bias as tf.Tensor1D, {
      activation, inputGrad: !inputsAreData,
    });
  }
  const product = tf.matMul(x as tf.Tensor2D, weights.kernel as tf.Tensor2D);
  const summed = weights.bias ? tf.add(product, weights.bias) : product;
  return applyActivation(summed, activation);
};
