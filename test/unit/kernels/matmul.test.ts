import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { transposeCost } from '../../../src-main/engine/backend/kernels/matmul';
import { TOLERANCE, compareWithCpu, randInt, randomArray, rng, setup, useMode, type Mode } from './helpers';

const modes: Mode[] = await setup();

describe.each(modes)('matmul kernels on wasm (%s) equal the cpu backend', (mode) => {
  beforeAll(() => useMode(mode));

  test('2-D matMul, every transpose combination, odd and edge sizes', async () => {
    const r = rng(11);
    const sizes = [1, 3, 17, 64, 100, 129];
    for (let trial = 0; trial < 24; trial++) {
      const m = sizes[randInt(r, 0, sizes.length - 1)];
      const k = sizes[randInt(r, 0, sizes.length - 1)];
      const n = sizes[randInt(r, 0, sizes.length - 1)];
      const ta = trial % 2 === 1;
      const tb = Math.floor(trial / 2) % 2 === 1;
      const a = randomArray(r, ta ? [k, m] : [m, k]);
      const b = randomArray(r, tb ? [n, k] : [k, n]);
      const err = await compareWithCpu(() =>
        tf.matMul(tf.tensor(a, ta ? [k, m] : [m, k]), tf.tensor(b, tb ? [n, k] : [k, n]), ta, tb),
      );
      expect(err, `m=${m} k=${k} n=${n} ta=${ta} tb=${tb}`).toBeLessThan(TOLERANCE);
    }
  });

  test('backprop products computed as (op(B)ᵀ·op(A)ᵀ)ᵀ to transpose less', async () => {
    const r = rng(15);
    for (const [m, k, n, ta, tb] of [[100, 300, 257, false, true], [7, 200, 150, true, true], [33, 129, 300, false, true]] as const) {
      const cost = transposeCost(m, n, k, ta, tb);
      expect(cost.swapped, 'the case takes the swapped path').toBeLessThan(cost.direct);
      const a = randomArray(r, ta ? [k, m] : [m, k]);
      const b = randomArray(r, tb ? [n, k] : [k, n]);
      const bias = randomArray(r, [n]);
      const err = await compareWithCpu(() =>
        tf.fused.matMul({
          a: tf.tensor2d(a, ta ? [k, m] : [m, k]), b: tf.tensor2d(b, tb ? [n, k] : [k, n]), transposeA: ta, transposeB: tb,
          bias: tf.tensor1d(bias), activation: 'relu',
        }));
      expect(err, `m=${m} k=${k} n=${n} ta=${ta} tb=${tb}`).toBeLessThan(TOLERANCE);
    }
  });

  test('batched matMul with batch broadcasting and rank 4', async () => {
    const r = rng(12);
    const cases: { a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
      { a: [3, 5, 7], b: [3, 7, 4], ta: false, tb: false },
      { a: [3, 7, 5], b: [3, 4, 7], ta: true, tb: true },
      { a: [1, 5, 7], b: [4, 7, 6], ta: false, tb: false },
      { a: [4, 5, 7], b: [7, 6], ta: false, tb: false },
      { a: [5, 7], b: [2, 6, 7], ta: false, tb: true },
      { a: [2, 3, 9, 4], b: [2, 3, 9, 5], ta: true, tb: false },
    ];
    for (const c of cases) {
      const a = randomArray(r, c.a);
      const b = randomArray(r, c.b);
      const err = await compareWithCpu(() => tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.ta, c.tb));
      expect(err, JSON.stringify(c)).toBeLessThan(TOLERANCE);
    }
  });

  test('fused matMul: bias shapes and every activation', async () => {
    const r = rng(13);
    const acts = ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const;
    for (const activation of acts) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const m = randInt(r, 1, 40);
        const k = randInt(r, 1, 40);
        const n = randInt(r, 1, 40);
        const a = randomArray(r, ta ? [k, m] : [m, k]).map((v) => v * 4);
        const b = randomArray(r, tb ? [n, k] : [k, n]);
        const bias = randomArray(r, [n]);
        const scalarBias = randomArray(r, [1]);
        const alpha = randomArray(r, [n]);
        for (const biasKind of ['none', 'vector', 'scalar'] as const) {
          const err = await compareWithCpu(() =>
            tf.fused.matMul({
              a: tf.tensor2d(a, ta ? [k, m] : [m, k]),
              b: tf.tensor2d(b, tb ? [n, k] : [k, n]),
              transposeA: ta,
              transposeB: tb,
              bias: biasKind === 'none' ? undefined : biasKind === 'vector' ? tf.tensor1d(bias) : tf.tensor1d(scalarBias),
              activation,
              preluActivationWeights: activation === 'prelu' ? tf.tensor1d(alpha) : undefined,
              leakyreluAlpha: 0.15,
            }),
          );
          expect(err, `${activation} ta=${ta} tb=${tb} bias=${biasKind} m=${m} k=${k} n=${n}`).toBeLessThan(TOLERANCE);
        }
      }
    }
  });

  test('matMul gradients (the transposed products of backprop)', async () => {
    const r = rng(14);
    for (let trial = 0; trial < 6; trial++) {
      const m = randInt(r, 1, 70);
      const k = randInt(r, 1, 70);
      const n = randInt(r, 1, 70);
      const a = randomArray(r, [m, k]);
      const b = randomArray(r, [k, n]);
      const dy = randomArray(r, [m, n]);
      const err = await compareWithCpu(() => {
        const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.matMul(x, w)), tf.tensor(dy, [m, n]))));
        return g([tf.tensor(a, [m, k]), tf.tensor(b, [k, n])]);
      });
      expect(err, `m=${m} k=${k} n=${n}`).toBeLessThan(TOLERANCE);
    }
  });

  test('Identity and same-dtype Cast share data without changing values', async () => {
    const r = rng(15);
    const a = randomArray(r, [33, 5]);
    const err = await compareWithCpu(() => {
      const x = tf.tensor(a, [33, 5]);
      return [tf.clone(x), tf.cast(x, 'float32'), tf.cast(tf.cast(x, 'int32'), 'float32')];
    });
    expect(err).toBe(0);
  });
});
