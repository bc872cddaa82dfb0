import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { LAYER_FORWARD, type LayerContext } from '../../../src-main/engine/layers';
import { LAYER_KINDS } from '../../../src-shared/network/catalog';
import { expectClose, useTrainerBackend, values } from './helpers';

beforeAll(useTrainerBackend);

const inference = (weights: Record<string, tf.Tensor> = {}): LayerContext => ({ training: false, dropoutSeed: 1, weights });
const run = (kind: string, inputs: tf.Tensor[], params: Record<string, unknown>, context = inference()) =>
  tf.tidy(() => values(LAYER_FORWARD[kind](inputs, params, context)));

describe('layer forward passes agree with hand computation', () => {
  test('every catalog kind has a forward pass', () => {
    for (const def of LAYER_KINDS) expect(LAYER_FORWARD[def.kind], def.kind).toBeTypeOf('function');
  });

  test('dense: x·W + b, then the activation', () => {
    const x = tf.tensor2d([[1, 2], [-1, 0.5]]);
    const kernel = tf.tensor2d([[1, -1, 0.5], [2, 0, -3]]);
    const bias = tf.tensor1d([0.5, 1, -1]);
    // row 1: [1+4, -1+0, 0.5-6] + b = [5.5, 0, -6.5]; row 2: [-1+1, 1, -0.5-1.5] + b = [0.5, 2, -3]
    expectClose(run('dense', [x], { activation: 'linear' }, inference({ kernel, bias })), [5.5, 0, -6.5, 0.5, 2, -3]);
    expectClose(run('dense', [x], { activation: 'relu' }, inference({ kernel, bias })), [5.5, 0, 0, 0.5, 2, 0]);
    expectClose(run('dense', [x], { activation: 'linear' }, inference({ kernel })), [5, -1, -5.5, 0, 1, -2]);
    const softmax = run('dense', [x], { activation: 'softmax' }, inference({ kernel, bias }));
    const e = [Math.exp(5.5), Math.exp(0), Math.exp(-6.5)];
    expectClose(softmax.slice(0, 3), e.map((v) => v / (e[0] + e[1] + e[2])));
  });

  test('conv2d: valid and same padding, stride, bias, NHWC', () => {
    // 3×3 single-channel image, 2×2 kernel with two filters.
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const kernel = tf.tensor4d([1, 0, 0, 1, 0, -1, 1, 0], [2, 2, 1, 2]);
    // filter 0 = [[1,0],[0,1]] (diagonal sum), filter 1 = [[0,1],[-1,0]]... laid out [kh][kw][cin][cout]
    // kernel[0][0] = [1, 0], kernel[0][1] = [0, 1], kernel[1][0] = [0, -1], kernel[1][1] = [1, 0]
    // filter 0: x[i][j] + x[i+1][j+1]; filter 1: x[i][j+1] − x[i+1][j]
    const bias = tf.tensor1d([0, 10]);
    const valid = run('conv2d', [x], { stride: 1, padding: 'valid', activation: 'linear' }, inference({ kernel, bias }));
    expectClose(valid, [1 + 5, 2 - 4 + 10, 2 + 6, 3 - 5 + 10, 4 + 8, 5 - 7 + 10, 5 + 9, 6 - 8 + 10]);
    const strided = run('conv2d', [x], { stride: 2, padding: 'same', activation: 'linear' }, inference({ kernel }));
    // 'same' with stride 2 on 3×3 gives 2×2 outputs at (0,0), (0,2), (2,0), (2,2); padding at the bottom/right.
    expectClose(strided, [1 + 5, 2 - 4, 3, 0 - 6, 7, 8, 9, 0]);
  });

  test('maxpool2d and avgpool2d: windows, stride default = pool size, same padding', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
    expectClose(run('maxpool2d', [x], { poolSize: 2, stride: null, padding: 'valid' }), [6, 8, 14, 16]);
    expectClose(run('avgpool2d', [x], { poolSize: 2, stride: null, padding: 'valid' }), [3.5, 5.5, 11.5, 13.5]);
    expectClose(run('maxpool2d', [x], { poolSize: 3, stride: 1, padding: 'valid' }), [11, 12, 15, 16]);
    const small = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    // same padding, 2×2 windows at stride 2 on 3×3: the edge windows average only the values inside.
    expectClose(run('avgpool2d', [small], { poolSize: 2, stride: null, padding: 'same' }), [3, 4.5, 7.5, 9]);
  });

  test('flatten, reshape (with -1) and input keep values in row-major order', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    const flat = tf.tidy(() => LAYER_FORWARD.flatten([x], {}, inference()).shape);
    expect(flat).toEqual([2, 4]);
    const reshaped = tf.tidy(() => LAYER_FORWARD.reshape([x], { targetShape: [-1, 2] }, inference()).shape);
    expect(reshaped).toEqual([2, 2, 2]);
    const input = tf.tidy(() => LAYER_FORWARD.input([tf.tensor2d([1, 2, 3, 4], [1, 4])], { shape: [2, 2, 1] }, inference()).shape);
    expect(input).toEqual([1, 2, 2, 1]);
    expect(run('flatten', [x], {})).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('activation: each function elementwise, softmax over the last axis', () => {
    const x = tf.tensor2d([[-1, 0, 2]]);
    expectClose(run('activation', [x], { fn: 'relu' }), [0, 0, 2]);
    expectClose(run('activation', [x], { fn: 'sigmoid' }), [-1, 0, 2].map((v) => 1 / (1 + Math.exp(-v))));
    expectClose(run('activation', [x], { fn: 'tanh' }), [-1, 0, 2].map(Math.tanh));
    expectClose(run('activation', [x], { fn: 'linear' }), [-1, 0, 2]);
    const sum = Math.exp(-1) + 1 + Math.exp(2);
    expectClose(run('activation', [x], { fn: 'softmax' }), [Math.exp(-1) / sum, 1 / sum, Math.exp(2) / sum]);
  });

  test('concatenate: along the last axis by default, axis counted without the batch', () => {
    const a = tf.tensor3d([1, 2, 3, 4], [1, 2, 2]);
    const b = tf.tensor3d([5, 6], [1, 2, 1]);
    expectClose(run('concatenate', [a, b], { axis: -1 }), [1, 2, 5, 3, 4, 6]);
    const c = tf.tensor3d([7, 8], [1, 1, 2]);
    expectClose(run('concatenate', [a, c], { axis: 0 }), [1, 2, 3, 4, 7, 8]);
  });

  test('dropout: identity at test time; while training zeroes about `rate` and scales the rest by 1/(1 − rate)', () => {
    const x = tf.ones([100, 100]);
    expect(run('dropout', [x], { rate: 0.5 }).every((v) => v === 1)).toBe(true);
    const training = (seed: number, rate: number) => run('dropout', [x], { rate }, { training: true, dropoutSeed: seed, weights: {} });
    const masked = training(7, 0.2);
    const zeros = masked.filter((v) => v === 0).length;
    expect(zeros / masked.length).toBeGreaterThan(0.18);
    expect(zeros / masked.length).toBeLessThan(0.22);
    expect(masked.filter((v) => v !== 0).every((v) => Math.abs(v - 1.25) < 1e-6)).toBe(true);
    expect(training(7, 0.2)).toEqual(masked);
    expect(training(8, 0.2)).not.toEqual(masked);
    expect(training(7, 0).every((v) => v === 1)).toBe(true);
  });
});
