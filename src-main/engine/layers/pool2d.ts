import * as tf from '@tensorflow/tfjs-core';
import type { LayerForward } from './types';

function poolArgs(params: Record<string, unknown>): [number, number, 'valid' | 'same'] {
  const poolSize = params.poolSize as number;
  const stride = (params.stride as number | null) ?? poolSize;
  return [poolSize, stride, params.padding as 'valid' | 'same'];
}

export const maxpool2dForward: LayerForward = ([x], params) => tf.maxPool(x as tf.Tensor4D, ...poolArgs(params));

export const avgpool2dForward: LayerForward = ([x], params) => tf.avgPool(x as tf.Tensor4D, ...poolArgs(params));
