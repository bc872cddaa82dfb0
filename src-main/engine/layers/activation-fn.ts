import * as tf from '@tensorflow/tfjs-core';

export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

/** Softmax is taken over the last axis (features or channels). */
export function applyActivation(x: tf.Tensor, fn: ActivationName): tf.Tensor {
  switch (fn) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softmax':
      return tf.softmax(x, -1);
  }
}
