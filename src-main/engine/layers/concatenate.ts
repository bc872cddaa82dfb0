import * as tf from '@tensorflow/tfjs-core';
import type { LayerForward } from './types';

/** `axis` counts the example's axes (batch excluded); -1 is the last. */
export const concatenateForward: LayerForward = (inputs, params) => {
  const axis = params.axis as number;
  const rank = inputs[0].rank;
  return tf.concat(inputs, axis < 0 ? rank + axis : axis + 1);
};
