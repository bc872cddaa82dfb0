import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getBackendInfo, setNativeKernels, setWasmThreads } from '../../../src-main/engine/backend';
import { activeGemmPool } from '../../../src-main/engine/backend/gemm/active';
import { createModel, randomBatch, sgdMomentum } from '../../bench/models';
import { TOLERANCE, compareWithCpu, randInt, randomArray, rng, setup } from './helpers';

await setup();

/** Products big enough that the wasm-only matmul splits them across the GEMM workers. */
describe.each([2, 3])('wasm-only matmul split across %i threads equals the cpu backend', (threads) => {
  beforeAll(async () => {
    setNativeKernels(false);
    expect(await setWasmThreads(threads)).toBe(threads);
    expect(getBackendInfo()).toMatchObject({ name: 'wasm', native: false, threads });
  });
  afterAll(async () => {
    await setWasmThreads(1);
  });

  test('every transpose combination, row and column splits, odd sizes', async () => {
    const r = rng(71);
    const pool = activeGemmPool()!;
    const before = pool.jobsRun;
    for (let trial = 0; trial < 12; trial++) {
      const ta = trial % 2 === 1;
      const tb = Math.floor(trial / 2) % 2 === 1;
      // trials 0–3 are tall (split by rows), 4–7 wide (by columns), 8–11 square-ish
      const m = trial < 4 ? randInt(r, 300, 700) : trial < 8 ? randInt(r, 7, 120) : randInt(r, 130, 260);
      const n = trial < 4 ? randInt(r, 7, 120) : trial < 8 ? randInt(r, 300, 700) : randInt(r, 130, 260);
      const k = Math.ceil((1 << 22) / (m * n)) + randInt(r, 0, 9);
      const a = randomArray(r, ta ? [k, m] : [m, k]);
      const b = randomArray(r, tb ? [n, k] : [k, n]);
      const err = await compareWithCpu(() =>
        tf.matMul(tf.tensor(a, ta ? [k, m] : [m, k]), tf.tensor(b, tb ? [n, k] : [k, n]), ta, tb));
      expect(err, `m=${m} k=${k} n=${n} ta=${ta} tb=${tb}`).toBeLessThan(TOLERANCE);
    }
    expect(pool.jobsRun - before).toBe(12 * (threads - 1));
  });

  test('fused bias and activation after a split product, and a leading batch dimension of 1', async () => {
    const r = rng(72);
    for (const activation of ['relu', 'sigmoid', 'elu'] as const) {
      const [m, k, n] = [100, 257, 300];
      const a = randomArray(r, [1, m, k]);
      const b = randomArray(r, [1, k, n]);
      const bias = randomArray(r, [n]);
      const err = await compareWithCpu(() =>
        tf.fused.matMul({ a: tf.tensor3d(a, [1, m, k]), b: tf.tensor3d(b, [1, k, n]), bias: tf.tensor1d(bias), activation }));
      expect(err, activation).toBeLessThan(TOLERANCE);
    }
  });

  test('a product too small to split gives the same result on this thread', async () => {
    const pool = activeGemmPool()!;
    const before = pool.jobsRun;
    const r = rng(73);
    const a = randomArray(r, [3, 40]);
    const b = randomArray(r, [40, 5000]);
    const err = await compareWithCpu(() => tf.matMul(tf.tensor2d(a, [3, 40]), tf.tensor2d(b, [40, 5000])));
    expect(err).toBeLessThan(TOLERANCE);
    expect(pool.jobsRun).toBe(before);
  });

  test('MLP training steps give the same losses as on one thread', async () => {
    const losses = async (t: number) => {
      await setWasmThreads(t);
      const model = createModel('mlp', 3);
      const { x, oneHot } = randomBatch(model);
      const opt = sgdMomentum(model);
      const out = [0, 1, 2].map(() => opt.step(model, x, oneHot));
      opt.dispose();
      tf.dispose([x, oneHot, ...model.params]);
      return out;
    };
    const one = await losses(1);
    const split = await losses(threads);
    expect(one[2]).toBeLessThan(one[0]); // it learns
    for (let i = 0; i < one.length; i++) expect(split[i]).toBeCloseTo(one[i], 5);
  });
});
