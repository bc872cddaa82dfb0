import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { conv2dLayer, denseLayer, dropout, sgdMomentumUpdate, softmaxCrossEntropy } from '../../../src-main/engine/backend';
import { TOLERANCE, computeOn, randInt, randomArray, relError, rng, webgpuAvailable, webgpuError, worstError } from './helpers';

const available = await webgpuAvailable();

/**
 * Sums over many elements add in a different order on the GPU (tree reductions) than on the cpu backend
 * (one running sum); float32 rounding then differs by up to about n·ε·Σ|x|. The bound for reductions is
 * 1e-4 of Σ|x| of what was reduced, per output.
 */
const REDUCTION_TOLERANCE = 1e-4;

describe.skipIf(!available)('webgpu kernels equal the cpu backend', () => {
  test('matMul: every transpose, batched, odd sizes', async () => {
    const r = rng(101);
    for (let trial = 0; trial < 8; trial++) {
      const [m, k, n] = [randInt(r, 1, 70), randInt(r, 1, 90), randInt(r, 1, 70)];
      const batch = trial < 4 ? 1 : randInt(r, 2, 3);
      const ta = trial % 2 === 1;
      const tb = trial % 4 >= 2;
      const a = randomArray(r, [batch, ta ? k : m, ta ? m : k]);
      const b = randomArray(r, [batch, tb ? n : k, tb ? k : n]);
      const err = await webgpuError(() =>
        tf.matMul(tf.tensor3d(a, [batch, ta ? k : m, ta ? m : k]), tf.tensor3d(b, [batch, tb ? n : k, tb ? k : n]), ta, tb));
      expect(err, `[${batch}] ${m}x${k}x${n} ta=${ta} tb=${tb}`).toBeLessThan(TOLERANCE);
    }
  });

  test('fused matMul with bias and relu or linear, as the dense layer runs it', async () => {
    const r = rng(102);
    for (const activation of ['relu', 'linear'] as const) {
      const [m, k, n] = [randInt(r, 1, 64), randInt(r, 1, 100), randInt(r, 1, 64)];
      const a = randomArray(r, [m, k]);
      const b = randomArray(r, [k, n]);
      const bias = randomArray(r, [n]);
      const err = await webgpuError(() =>
        tf.fused.matMul({ a: tf.tensor2d(a, [m, k]), b: tf.tensor2d(b, [k, n]), bias: tf.tensor1d(bias), activation }));
      expect(err, `${m}x${k}x${n} ${activation}`).toBeLessThan(TOLERANCE);
    }
  });

  test('conv2d forward and both gradients, same and valid, strides 1 and 2', async () => {
    const r = rng(103);
    for (let trial = 0; trial < 6; trial++) {
      const k = randInt(r, 1, 5);
      const pad: 'same' | 'valid' = trial % 2 === 0 ? 'same' : 'valid';
      const stride = trial < 4 ? 1 : 2;
      const shape: [number, number, number, number] = [randInt(r, 1, 3), k + randInt(r, 2, 9), k + randInt(r, 2, 9), randInt(r, 1, 4)];
      const cout = randInt(r, 1, 8);
      const x = randomArray(r, shape);
      const f = randomArray(r, [k, k, shape[3], cout]);
      const err = await webgpuError(() => {
        const g = tf.grads((xt: tf.Tensor, ft: tf.Tensor) => {
          const y = tf.conv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, stride, pad);
          return tf.sum(tf.mul(y, tf.reshape(tf.sin(tf.range(0, y.size)), y.shape)));
        });
        const y = tf.conv2d(tf.tensor4d(x, shape), tf.tensor4d(f, [k, k, shape[3], cout]), stride, pad);
        return [y, ...g([tf.tensor4d(x, shape), tf.tensor4d(f, [k, k, shape[3], cout])])];
      });
      expect(err, `k=${k} ${pad} stride ${stride} [${shape}] cout=${cout}`).toBeLessThan(TOLERANCE);
    }
  });

  test('max and average pooling with their gradients', async () => {
    const r = rng(104);
    for (const kind of ['max', 'avg'] as const) {
      for (const size of [2, 3]) {
        const shape: [number, number, number, number] = [2, 7 + size, 6 + size, 3];
        const x = randomArray(r, shape);
        const pool = (t: tf.Tensor) => (kind === 'max' ? tf.maxPool(t as tf.Tensor4D, size, size, 'valid') : tf.avgPool(t as tf.Tensor4D, size, size, 'valid'));
        const err = await webgpuError(() => {
          const xt = tf.tensor4d(x, shape);
          const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), tf.reshape(tf.cos(tf.range(0, pool(t).size)), pool(t).shape))))(xt);
          return [pool(xt), dx];
        });
        expect(err, `${kind} pool ${size}`).toBeLessThan(TOLERANCE);
      }
    }
  });

  test('activations, softmax and log-softmax, with gradients', async () => {
    const r = rng(105);
    const x = randomArray(r, [13, 37]).map((v) => v * 4);
    const fns: Record<string, (t: tf.Tensor) => tf.Tensor> = {
      relu: tf.relu, sigmoid: tf.sigmoid, tanh: tf.tanh, elu: tf.elu, softplus: tf.softplus, exp: tf.exp, square: tf.square,
      softmax: (t) => tf.softmax(t), logSoftmax: (t) => tf.logSoftmax(t), leakyRelu: (t) => tf.leakyRelu(t, 0.2),
    };
    for (const [name, fn] of Object.entries(fns)) {
      const err = await webgpuError(() => {
        const t = tf.tensor2d(x, [13, 37]);
        return [fn(t), tf.grad((u: tf.Tensor) => tf.sum(tf.mul(fn(u), tf.reshape(tf.sin(tf.range(0, u.size)), u.shape))))(t)];
      });
      expect(err, name).toBeLessThan(TOLERANCE);
    }
  });

  test(`reductions (sum, mean, max, argMax, over 1e5 elements), within ${REDUCTION_TOLERANCE} of Σ|x|`, async () => {
    const r = rng(106);
    const x = randomArray(r, [400, 250]);
    const scale0 = new Float32Array(250);
    for (let i = 0; i < x.length; i++) scale0[i % 250] += Math.abs(x[i]);
    const total = scale0.reduce((a, b) => a + b, 0);
    const run = (backend: 'cpu' | 'webgpu') => computeOn(backend, () => {
      const t = tf.tensor2d(x, [400, 250]);
      return [tf.sum(t), tf.sum(t, 0), tf.mean(t), tf.max(t, 1), tf.cast(tf.argMax(t, 1), 'float32'), tf.min(t)];
    });
    const [ref, got] = [await run('cpu'), await run('webgpu')];
    expect(Math.abs(got[0].values[0] - ref[0].values[0]), 'sum of all').toBeLessThan(REDUCTION_TOLERANCE * total);
    for (let j = 0; j < 250; j++) expect(Math.abs(got[1].values[j] - ref[1].values[j]), `column sum ${j}`).toBeLessThan(REDUCTION_TOLERANCE * scale0[j]);
    expect(Math.abs(got[2].values[0] - ref[2].values[0]), 'mean').toBeLessThan(REDUCTION_TOLERANCE * (total / x.length));
    expect(relError(got[3].values, ref[3].values), 'row max').toBe(0);
    expect(Array.from(got[4].values), 'argMax').toEqual(Array.from(ref[4].values));
    expect(got[5].values[0], 'min').toBe(ref[5].values[0]);
  });

  test('the engine’s training ops (dense, conv + max pool, softmax cross-entropy): values and gradients', async () => {
    const r = rng(107);
    const shape: [number, number, number, number] = [3, 12, 12, 2];
    const x = randomArray(r, shape);
    const f = randomArray(r, [5, 5, 2, 4]);
    const fb = randomArray(r, [4]);
    const w = randomArray(r, [6 * 6 * 4, 10]);
    const b = randomArray(r, [10]);
    const labels = [3, 7, 1];
    const fn = () => {
      const oneHot = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32') as tf.Tensor2D;
      const { value, grads } = tf.valueAndGrads((xt: tf.Tensor, ft: tf.Tensor, fbt: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => {
        const h = conv2dLayer(xt as tf.Tensor4D, ft as tf.Tensor4D, fbt as tf.Tensor1D, { pad: 'same', activation: 'relu', inputGrad: true, maxPool: { size: 2 } });
        const z = denseLayer(tf.reshape(h, [3, -1]) as tf.Tensor2D, wt as tf.Tensor2D, bt as tf.Tensor1D, { activation: 'linear', inputGrad: true });
        return softmaxCrossEntropy(z, oneHot);
      })([tf.tensor4d(x, shape), tf.tensor4d(f, [5, 5, 2, 4]), tf.tensor1d(fb), tf.tensor2d(w, [144, 10]), tf.tensor1d(b)]);
      return [value, ...grads];
    };
    expect(await webgpuError(fn)).toBeLessThan(TOLERANCE);
  });

  test('dropout draws the same mask from the same seed on webgpu as on cpu', async () => {
    const x = randomArray(rng(108), [16, 50]);
    const run = (backend: 'cpu' | 'webgpu') => computeOn(backend, () => dropout(tf.tensor2d(x, [16, 50]), 0.5, 12345));
    const [ref, got] = [await run('cpu'), await run('webgpu')];
    expect(Array.from(got[0].values)).toEqual(Array.from(ref[0].values));
    expect(ref[0].values.filter((v) => v === 0).length).toBeGreaterThan(200);
  });

  test('SGD momentum updates variables as on cpu', async () => {
    const r = rng(109);
    const w0 = randomArray(r, [30, 20]);
    const g = randomArray(r, [30, 20]);
    const run = (backend: 'cpu' | 'webgpu') => computeOn(backend, () => {
      const w = tf.variable(tf.tensor2d(w0, [30, 20]));
      const v = tf.variable(tf.zeros([30, 20]));
      for (let i = 0; i < 3; i++) sgdMomentumUpdate([w], [v], [tf.mul(tf.tensor2d(g, [30, 20]), i + 1)], 0.1, 0.9);
      const out = [tf.clone(w), tf.clone(v)];
      w.dispose();
      v.dispose();
      return out;
    });
    expect(worstError(await run('webgpu'), await run('cpu'))).toBeLessThan(TOLERANCE);
  });
});
