import * as tf from '@tensorflow/tfjs-core';
import { SlotStore, zeroSlot, type Optimizer } from './types';

/** RMSprop: s ← ρ·s + (1 − ρ)·g²; w ← w − lr·g/(√s + ε). */
export function createRmsprop(options: { rho: number; epsilon: number }): Optimizer {
  const squares = new SlotStore(1, zeroSlot);
  let iterations = 0;
  return {
    step(pairs, { learningRate }) {
      iterations += 1;
      const rho = tf.scalar(options.rho);
      const oneMinusRho = tf.scalar(1 - options.rho);
      const lr = tf.scalar(learningRate);
      const eps = tf.scalar(options.epsilon);
      for (const { variable, gradient } of pairs) {
        const [square] = squares.get(variable);
        const newSquare = tf.add(tf.mul(rho, square), tf.mul(oneMinusRho, tf.square(gradient)));
        square.assign(newSquare);
        variable.assign(tf.sub(variable, tf.div(tf.mul(lr, gradient), tf.add(tf.sqrt(newSquare), eps))));
      }
    },
    saveState: (variables) => ({ iterations, slots: squares.save(variables) }),
    loadState(variables, state) {
      squares.load(variables, state.slots);
      iterations = state.iterations;
    },
    applyMask: (variable, mask) => squares.mask(variable, mask),
    dispose: () => squares.dispose(),
  };
}
