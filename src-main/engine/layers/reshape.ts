import * as tf from '@tensorflow/tfjs-core';
import type { LayerForward } from './types';

/** targetShape excludes the batch axis and may hold one -1. */
export const reshapeForward: LayerForward = ([x], params) => tf.reshape(x, [x.shape[0], ...(params.targetShape as number[])]);
