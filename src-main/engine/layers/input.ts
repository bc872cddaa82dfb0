import * as tf from '@tensorflow/tfjs-core';
import type { LayerForward } from './types';

/** The input node passes the batch through, shaped as its `shape` param says. */
export const inputForward: LayerForward = ([x], params) => {
  const shape = params.shape as number[];
  const matches = x.shape.length === shape.length + 1 && shape.every((dim, i) => x.shape[i + 1] === dim);
  return matches ? x : tf.reshape(x, [-1, ...shape]);
};
