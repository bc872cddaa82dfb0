import * as tf from '@tensorflow/tfjs-core';
import { dropout } from '../backend/train-ops';
import { fillDropoutMask } from '../rng';
import { fusedOpsEnabled } from './fused-ops';
import type { LayerForward } from './types';

/**
 * Inverted dropout: while training each value is zeroed with probability `rate` and the rest are
 * scaled by 1/(1 − rate), so nothing changes at test time. The mask comes from the context's seed
 * (drawn by the fused op's mask kernel, or by rng.ts on the plain path: different masks, same law).
 */
export const dropoutForward: LayerForward = ([x], params, { training, dropoutSeed }) => {
  const rate = params.rate as number;
  if (!training || rate === 0) return x;
  if (fusedOpsEnabled()) return dropout(x, rate, dropoutSeed);
  return tf.mul(x, dropoutMask(x.shape, rate, dropoutSeed));
};

export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  fillDropoutMask(values, rate, 1 / (1 - rate), seed);
  return tf.tensor(values, shape, 'float32');
}
