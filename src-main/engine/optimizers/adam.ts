import * as tf from '@tensorflow/tfjs-core';
import { SlotStore, zeroSlot, type Optimizer } from './types';

/** Adam (Kingma & Ba): bias-corrected first and second moments; w ← w − lr·m̂/(√v̂ + ε). */
export function createAdam(options: { beta1: number; beta2: number; epsilon: number }): Optimizer {
  const moments = new SlotStore(2, zeroSlot);
  let t = 0;
  return {
    step(pairs, { learningRate }) {
      t += 1;
      const { beta1, beta2, epsilon } = options;
      const b1 = tf.scalar(beta1);
      const b2 = tf.scalar(beta2);
      const oneMinusB1 = tf.scalar(1 - beta1);
      const oneMinusB2 = tf.scalar(1 - beta2);
      const correction1 = tf.scalar(1 / (1 - beta1 ** t));
      const correction2 = tf.scalar(1 / (1 - beta2 ** t));
      const lr = tf.scalar(learningRate);
      const eps = tf.scalar(epsilon);
      for (const { variable, gradient } of pairs) {
        const [m, v] = moments.get(variable);
        const newM = tf.add(tf.mul(b1, m), tf.mul(oneMinusB1, gradient));
        const newV = tf.add(tf.mul(b2, v), tf.mul(oneMinusB2, tf.square(gradient)));
        m.assign(newM);
        v.assign(newV);
        const mHat = tf.mul(newM, correction1);
        const vHat = tf.mul(newV, correction2);
        variable.assign(tf.sub(variable, tf.div(tf.mul(lr, mHat), tf.add(tf.sqrt(vHat), eps))));
      }
    },
    saveState: (variables) => ({ iterations: t, slots: moments.save(variables) }),
    loadState(variables, state) {
      moments.load(variables, state.slots);
      t = state.iterations;
    },
    applyMask: (variable, mask) => moments.mask(variable, mask),
    dispose: () => moments.dispose(),
  };
}
