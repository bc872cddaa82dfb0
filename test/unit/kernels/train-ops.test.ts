import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { conv2dLayer, denseLayer, dropout, sgdMomentumUpdate, softmaxCrossEntropy } from '../../../src-main/engine/backend';
import { TOLERANCE, compareWithCpu, compute, randInt, randomArray, relError, rng, setup, useMode, type Mode } from './helpers';

const modes: Mode[] = await setup();

/** The same layer in stock tfjs ops, the reference for the fused training ops. */
function plainConvLayer(x: tf.Tensor4D, f: tf.Tensor4D, b: tf.Tensor1D, pad: 'same' | 'valid', relu: boolean, pool: number | null) {
  let y: tf.Tensor4D = tf.add(tf.conv2d(x, f, 1, pad), b);
  if (relu) y = tf.relu(y);
  return pool == null ? y : tf.maxPool(y, pool, pool, 'valid');
}

describe.each(modes)('training ops on wasm (%s) equal plain tfjs ops on cpu', (mode) => {
  beforeAll(() => useMode(mode));

  test('conv2dLayer (with and without a fused max pool): value and gradients', async () => {
    const r = rng(31);
    for (let trial = 0; trial < 12; trial++) {
      const pool = trial % 3 === 0 ? null : trial % 3 === 1 ? 2 : 3; // 3 on odd sizes exercises the non-tiling path
      const k = randInt(r, 1, 5);
      const pad: 'same' | 'valid' = r() < 0.5 ? 'same' : 'valid';
      const shape: [number, number, number, number] = [randInt(r, 1, 3), k + 3 + randInt(r, 0, 8), k + 3 + randInt(r, 0, 8), randInt(r, 1, 4)];
      const cout = randInt(r, 1, 9);
      const relu = trial % 2 === 0;
      const x = randomArray(r, shape);
      const f = randomArray(r, [k, k, shape[3], cout]);
      const b = randomArray(r, [cout]);
      const lossOf = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.reshape(tf.sin(tf.range(0, y.size)), y.shape)));
      const ref = await compute('cpu', () => {
        const g = tf.grads((xt: tf.Tensor, ft: tf.Tensor, bt: tf.Tensor) =>
          lossOf(plainConvLayer(xt as tf.Tensor4D, ft as tf.Tensor4D, bt as tf.Tensor1D, pad, relu, pool)));
        return g([tf.tensor4d(x, shape), tf.tensor4d(f, [k, k, shape[3], cout]), tf.tensor1d(b)]);
      });
      const got = await compute('wasm', () => {
        const g = tf.grads((xt: tf.Tensor, ft: tf.Tensor, bt: tf.Tensor) =>
          lossOf(conv2dLayer(xt as tf.Tensor4D, ft as tf.Tensor4D, bt as tf.Tensor1D, {
            pad, activation: relu ? 'relu' : 'linear', inputGrad: true, maxPool: pool == null ? undefined : { size: pool },
          })));
        return g([tf.tensor4d(x, shape), tf.tensor4d(f, [k, k, shape[3], cout]), tf.tensor1d(b)]);
      });
      ref.forEach((rr, i) => {
        expect(relError(got[i].values, rr.values), `grad ${i} pool=${pool} k=${k} ${pad} [${shape}] cout=${cout} relu=${relu}`).toBeLessThan(TOLERANCE);
      });
    }
  });

  test('denseLayer and softmaxCrossEntropy: loss and gradients', async () => {
    const r = rng(32);
    for (let trial = 0; trial < 6; trial++) {
      const batch = randInt(r, 1, 40);
      const inDim = randInt(r, 1, 50);
      const outDim = randInt(r, 2, 30);
      const x = randomArray(r, [batch, inDim]);
      const w = randomArray(r, [inDim, outDim]);
      const b = randomArray(r, [outDim]);
      const labels = Array.from({ length: batch }, () => randInt(r, 0, outDim - 1));
      const relu = trial % 2 === 0;
      const inputs = () => [tf.tensor2d(x, [batch, inDim]), tf.tensor2d(w, [inDim, outDim]), tf.tensor1d(b)];
      const oneHot = () => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), outDim), 'float32') as tf.Tensor2D;
      const ref = await compute('cpu', () => {
        const { value, grads } = tf.valueAndGrads((xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => {
          let z = tf.add(tf.matMul(xt, wt), bt);
          if (relu) z = tf.relu(z);
          return tf.neg(tf.mean(tf.sum(tf.mul(oneHot(), tf.logSoftmax(z)), -1)));
        })(inputs());
        return [value, ...grads];
      });
      const got = await compute('wasm', () => {
        const { value, grads } = tf.valueAndGrads((xt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) =>
          softmaxCrossEntropy(denseLayer(xt as tf.Tensor2D, wt as tf.Tensor2D, bt as tf.Tensor1D, {
            activation: relu ? 'relu' : 'linear', inputGrad: true,
          }), oneHot()))(inputs());
        return [value, ...grads];
      });
      ref.forEach((rr, i) => {
        expect(relError(got[i].values, rr.values), `output ${i} batch=${batch} in=${inDim} out=${outDim} relu=${relu}`).toBeLessThan(TOLERANCE);
      });
    }
  });

  test('dropout draws the same mask on every backend for a seed, and a different one for another seed', async () => {
    const x = new Float32Array(1000).fill(1);
    const err = await compareWithCpu(() => dropout(tf.tensor1d(x), 0.3, 12345));
    expect(err).toBe(0);
    const [a] = await compute('wasm', () => dropout(tf.tensor1d(x), 0.3, 1));
    const [b] = await compute('wasm', () => dropout(tf.tensor1d(x), 0.3, 2));
    const kept = a.values.filter((v) => v !== 0).length;
    expect(kept).toBeGreaterThan(600);
    expect(kept).toBeLessThan(800);
    expect(a.values.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(a.values.some((v, i) => v !== b.values[i])).toBe(true);
  });

  test('sgdMomentumUpdate matches v ← μv + g; w ← w − lr·v', async () => {
    const r = rng(33);
    const w0 = randomArray(r, [37, 5]);
    const v0 = randomArray(r, [37, 5]);
    const g0 = randomArray(r, [37, 5]);
    const err = await compareWithCpu(() => {
      const w = tf.variable(tf.tensor2d(w0, [37, 5]));
      const v = tf.variable(tf.tensor2d(v0, [37, 5]));
      sgdMomentumUpdate([w], [v], [tf.tensor2d(g0, [37, 5])], 0.05, 0.9);
      const out = [tf.clone(w), tf.clone(v)];
      w.dispose();
      v.dispose();
      return out;
    });
    expect(err).toBeLessThan(1e-6);
  });
});
