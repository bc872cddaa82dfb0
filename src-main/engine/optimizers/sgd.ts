import * as tf from '@tensorflow/tfjs-core';
import { SlotStore, zeroSlot, type Optimizer } from './types';

/**
 * SGD with classical momentum: v ← μ·v − lr·g; w ← w + v.
 * Nesterov: w ← w + μ·v − lr·g (with the updated v).
 */
export function createSgd(options: { nesterov: boolean }): Optimizer {
  const velocities = new SlotStore(1, zeroSlot);
  return {
    step(pairs, { learningRate, momentum }) {
      const lr = tf.scalar(learningRate);
      const mu = tf.scalar(momentum);
      for (const { variable, gradient } of pairs) {
        const [velocity] = velocities.get(variable);
        const step = tf.mul(lr, gradient);
        const newVelocity = tf.sub(tf.mul(mu, velocity), step);
        velocity.assign(newVelocity);
        const delta = options.nesterov ? tf.sub(tf.mul(mu, newVelocity), step) : newVelocity;
        variable.assign(tf.add(variable, delta));
      }
    },
    dispose: () => velocities.dispose(),
  };
}
