import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { createOptimizer } from '../../../src-main/engine/optimizers';
import { variableFrom } from '../../../src-main/engine/optimizers/types';
import { config, expectClose, useTrainerBackend, values } from './helpers';

beforeAll(useTrainerBackend);

/** Applies the optimizer to w with the given gradients, step by step; returns w after each step. */
function trace(optimizerInput: Parameters<typeof config>[0], start: number[], gradients: number[][], hyper: { learningRate: number; momentum: number }): number[][] {
  const optimizer = createOptimizer(config(optimizerInput).optimizer);
  const w = variableFrom(tf.tensor1d(start));
  const seen: number[][] = [];
  for (const g of gradients) {
    tf.tidy(() => optimizer.step([{ variable: w, gradient: tf.tensor1d(g) }], hyper));
    seen.push(values(w));
  }
  optimizer.dispose();
  w.dispose();
  return seen;
}

describe('optimizer updates agree with hand computation', () => {
  test('SGD with classical momentum: v ← μv − lr·g, w ← w + v', () => {
    const steps = trace({ optimizer: { kind: 'sgd' } }, [1, -2], [[0.5, 1], [0.25, -1]], { learningRate: 0.1, momentum: 0.9 });
    // step 1: v = [-0.05, -0.1], w = [0.95, -2.1]
    expectClose(steps[0], [0.95, -2.1]);
    // step 2: v = 0.9·[-0.05, -0.1] − 0.1·[0.25, -1] = [-0.07, 0.01], w = [0.88, -2.09]
    expectClose(steps[1], [0.88, -2.09]);
  });

  test('SGD without momentum is plain gradient descent', () => {
    const steps = trace({ optimizer: { kind: 'sgd', momentum: 0 } }, [1], [[2], [2]], { learningRate: 0.25, momentum: 0 });
    expectClose(steps.flat(), [0.5, 0]);
  });

  test('SGD Nesterov: w ← w + μ·v_new − lr·g', () => {
    const steps = trace({ optimizer: { kind: 'sgd', nesterov: true } }, [1], [[1], [1]], { learningRate: 0.1, momentum: 0.5 });
    // step 1: v = -0.1; w = 1 + 0.5·(-0.1) − 0.1 = 0.85
    // step 2: v = -0.05 − 0.1 = -0.15; w = 0.85 + 0.5·(-0.15) − 0.1 = 0.675
    expectClose(steps.flat(), [0.85, 0.675]);
  });

  test('Adam: bias-corrected moments', () => {
    const beta1 = 0.9;
    const beta2 = 0.999;
    const epsilon = 1e-7;
    const lr = 0.01;
    const grads = [0.5, -0.2, 0.1];
    let w = 1;
    let m = 0;
    let v = 0;
    const expected: number[] = [];
    grads.forEach((g, i) => {
      const t = i + 1;
      m = beta1 * m + (1 - beta1) * g;
      v = beta2 * v + (1 - beta2) * g * g;
      w -= (lr * (m / (1 - beta1 ** t))) / (Math.sqrt(v / (1 - beta2 ** t)) + epsilon);
      expected.push(w);
    });
    const steps = trace({ optimizer: { kind: 'adam', beta1, beta2, epsilon } }, [1], grads.map((g) => [g]), { learningRate: lr, momentum: 0 });
    expectClose(steps.flat(), expected);
    // The first Adam step moves each weight by about lr whatever the gradient's size.
    expect(Math.abs(1 - steps[0][0])).toBeCloseTo(lr, 5);
  });

  test('RMSprop: s ← ρs + (1 − ρ)g², w ← w − lr·g/(√s + ε)', () => {
    const rho = 0.9;
    const epsilon = 1e-7;
    const lr = 0.01;
    const grads = [2, -1];
    let w = 0.5;
    let s = 0;
    const expected = grads.map((g) => {
      s = rho * s + (1 - rho) * g * g;
      w -= (lr * g) / (Math.sqrt(s) + epsilon);
      return w;
    });
    const steps = trace({ optimizer: { kind: 'rmsprop', rho, epsilon } }, [0.5], grads.map((g) => [g]), { learningRate: lr, momentum: 0 });
    expectClose(steps.flat(), expected);
  });

  test('optimizer state lives in variables that dispose frees', () => {
    const before = tf.memory().numTensors;
    trace({ optimizer: { kind: 'adam' } }, [1, 2, 3], [[1, 1, 1], [1, 1, 1]], { learningRate: 0.1, momentum: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('optimizer state for checkpoints', () => {
  const gradients = [[0.5, 1], [0.25, -1], [-0.5, 0.3], [0.1, 0.2]];
  const hyper = { learningRate: 0.1, momentum: 0.9 };

  /** Two steps, save; a new optimizer and variable restored from the save take the last two: w after each. */
  function interrupted(input: Parameters<typeof config>[0], fusedOnResume?: '0' | '1') {
    const first = createOptimizer(config(input).optimizer);
    const w = variableFrom(tf.tensor1d([1, -2]));
    for (const g of gradients.slice(0, 2)) tf.tidy(() => first.step([{ variable: w, gradient: tf.tensor1d(g) }], hyper));
    const state = first.saveState([w]);
    const savedWeights = values(w);
    first.dispose();
    w.dispose();

    const previous = process.env.LAYERLAB_FUSED_OPS;
    if (fusedOnResume) process.env.LAYERLAB_FUSED_OPS = fusedOnResume;
    try {
      const second = createOptimizer(config(input).optimizer);
      const restored = variableFrom(tf.tensor1d(savedWeights));
      second.loadState([restored], state);
      const seen: number[][] = [];
      for (const g of gradients.slice(2)) {
        tf.tidy(() => second.step([{ variable: restored, gradient: tf.tensor1d(g) }], hyper));
        seen.push(values(restored));
      }
      second.dispose();
      restored.dispose();
      return { state, seen };
    } finally {
      if (previous === undefined) delete process.env.LAYERLAB_FUSED_OPS;
      else process.env.LAYERLAB_FUSED_OPS = previous;
    }
  }

  test.each([
    ['sgd', { optimizer: { kind: 'sgd' as const } }],
    ['sgd nesterov', { optimizer: { kind: 'sgd' as const, nesterov: true } }],
    ['adam', { optimizer: { kind: 'adam' as const } }],
    ['rmsprop', { optimizer: { kind: 'rmsprop' as const } }],
  ])('%s: saved after 2 steps and restored, the next 2 steps are those of an uninterrupted run, bit for bit', (_name, input) => {
    const uninterrupted = trace(input, [1, -2], gradients, hyper).slice(2);
    const { state, seen } = interrupted(input);
    expect(state.iterations).toBe(2);
    expect(seen).toEqual(uninterrupted);
  });

  test('SGD momentum saves the velocity v whether the fused update (which keeps −v) ran or not', () => {
    const { state } = interrupted({ optimizer: { kind: 'sgd' } });
    // v1 = −0.1·[0.5, 1] = [−0.05, −0.1]; v2 = 0.9·v1 − 0.1·[0.25, −1] = [−0.07, 0.01]
    expectClose(state.slots[0][0], [-0.07, 0.01]);
    const plainThenFused = interrupted({ optimizer: { kind: 'sgd' } }, process.env.LAYERLAB_FUSED_OPS === '0' ? '1' : '0');
    expectClose(plainThenFused.seen.flat(), trace({ optimizer: { kind: 'sgd' } }, [1, -2], gradients, hyper).slice(2).flat());
  });

  test('a state that does not fit is refused, naming the weight', () => {
    const optimizer = createOptimizer(config({ optimizer: { kind: 'adam' } }).optimizer);
    const w = variableFrom(tf.tensor1d([1, 2, 3]));
    expect(() => optimizer.loadState([w], { iterations: 1, slots: [[new Float32Array(3)]] })).toThrow(/holds 1 slots, this optimizer keeps 2/);
    expect(() => optimizer.loadState([w], { iterations: 1, slots: [[new Float32Array(2), new Float32Array(3)]] })).toThrow(/slot 0 holds 2 values, the weight has 3/);
    expect(() => optimizer.loadState([w, w], { iterations: 1, slots: [[]] })).toThrow(/slots for 1 weights, the model has 2/);
    optimizer.dispose();
    w.dispose();
  });
});
