import * as tf from '@tensorflow/tfjs-core';
import { sgdMomentumUpdate } from '../backend/train-ops';
import { fusedOpsEnabled } from '../layers/fused-ops';
import { SlotStore, zeroSlot, type Optimizer } from './types';

/**
 * SGD with classical momentum: v ← μ·v − lr·g; w ← w + v.
 * Nesterov: w ← w + μ·v − lr·g (with the updated v).
 * Classical momentum runs as the fused update (u ← μ·u + g; w ← w − lr·u) given lr·g and lr 1:
 * then u = −v exactly, whatever the learning-rate schedule does between steps. Saved states hold v
 * either way, so a checkpoint resumes with or without the fused ops.
 */
export function createSgd(options: { nesterov: boolean }): Optimizer {
  const velocities = new SlotStore(1, zeroSlot);
  const fused = !options.nesterov && fusedOpsEnabled();
  const velocitySign = fused ? -1 : 1;
  let iterations = 0;
  return {
    step(pairs, { learningRate, momentum }) {
      iterations += 1;
      const lr = tf.scalar(learningRate);
      if (fused) {
        const slots = pairs.map(({ variable }) => velocities.get(variable)[0]);
        const scaled = pairs.map(({ gradient }) => tf.mul(gradient, lr));
        sgdMomentumUpdate(pairs.map(({ variable }) => variable), slots, scaled, 1, momentum);
        return;
      }
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
    saveState: (variables) => ({ iterations, slots: velocities.save(variables, velocitySign) }),
    loadState(variables, state) {
      velocities.load(variables, state.slots, velocitySign);
      iterations = state.iterations;
    },
    applyMask: (variable, mask) => velocities.mask(variable, mask),
    dispose: () => velocities.dispose(),
  };
}
