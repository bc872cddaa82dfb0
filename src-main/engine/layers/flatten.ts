import * as tf from '@tensorflow/tfjs-core';
import type { LayerForward } from './types';

export const flattenForward: LayerForward = ([x]) => tf.reshape(x, [x.shape[0], -1]);
