import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { xnnSamePaddingWraps } from '../../../src-main/engine/backend/kernels/conv';
import { TOLERANCE, compareWithCpu, randInt, randomArray, rng, setup, useMode, type Mode } from './helpers';

const modes: Mode[] = await setup();

type Pad = 'same' | 'valid' | number;

interface ConvCase {
  n: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number;
  stride: [number, number]; pad: Pad; dilation: number;
}

function randomConvCase(r: () => number, allowDilation: boolean): ConvCase {
  const kh = randInt(r, 1, 5);
  const kw = randInt(r, 1, 5);
  const dilation = allowDilation && r() < 0.3 ? 2 : 1;
  const stride: [number, number] = dilation > 1 ? [1, 1] : [randInt(r, 1, 3), randInt(r, 1, 3)];
  const pads: Pad[] = ['same', 'valid', randInt(r, 0, 2)];
  const pad = pads[randInt(r, 0, 2)];
  const minH = (kh - 1) * dilation + 1;
  const minW = (kw - 1) * dilation + 1;
  return {
    n: randInt(r, 1, 3), h: minH + randInt(r, 0, 9), w: minW + randInt(r, 0, 9),
    cin: randInt(r, 1, 7), cout: randInt(r, 1, 9), kh, kw, stride, pad, dilation,
  };
}

type PoolPad = 'same' | 'valid' | number;

/** Worst relative error over a pool's output and its input gradient, wasm against cpu, for random x. */
function poolError(
  kind: 'max' | 'avg', shape: [number, number, number, number], size: [number, number], strides: [number, number],
  pad: PoolPad, r: () => number,
): Promise<number> {
  const x = randomArray(r, shape);
  const rounding = typeof pad === 'number' ? 'floor' : undefined;
  const pool = (t: tf.Tensor) =>
    kind === 'avg' ? tf.avgPool(t as tf.Tensor4D, size, strides, pad, rounding) : tf.maxPool(t as tf.Tensor4D, size, strides, pad, rounding);
  return compareWithCpu(() => {
    const xt = tf.tensor4d(x, shape);
    const y = pool(xt);
    const dx = tf.grad((t: tf.Tensor) => {
      const out = pool(t);
      return tf.sum(tf.mul(out, tf.reshape(tf.cos(tf.range(0, out.size)), out.shape)));
    })(xt);
    return [y, dx];
  });
}

/** Worst relative error of d(Σ conv2d(x, f)·weights)/d(x, f) on wasm against cpu, for random x and f. */
function convGradError(c: ConvCase, r: () => number): Promise<number> {
  const x = randomArray(r, [c.n, c.h, c.w, c.cin]);
  const f = randomArray(r, [c.kh, c.kw, c.cin, c.cout]);
  return compareWithCpu(() => {
    const g = tf.grads((xt: tf.Tensor, ft: tf.Tensor) => {
      const y = tf.conv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, c.stride, c.pad);
      // a fixed, non-uniform dy: weight each output by its (deterministic) position
      const weights = tf.reshape(tf.sin(tf.range(0, y.size)), y.shape);
      return tf.sum(tf.mul(y, weights));
    });
    return g([tf.tensor4d(x, [c.n, c.h, c.w, c.cin]), tf.tensor4d(f, [c.kh, c.kw, c.cin, c.cout])]);
  });
}

describe.each(modes)('conv and pool kernels on wasm (%s) equal the cpu backend', (mode) => {
  beforeAll(() => useMode(mode));

  test('conv2d forward: strides, same/valid/explicit padding, dilation, odd sizes', async () => {
    const r = rng(21);
    for (let trial = 0; trial < 30; trial++) {
      const c = randomConvCase(r, true);
      const x = randomArray(r, [c.n, c.h, c.w, c.cin]);
      const f = randomArray(r, [c.kh, c.kw, c.cin, c.cout]);
      const err = await compareWithCpu(() =>
        tf.conv2d(tf.tensor4d(x, [c.n, c.h, c.w, c.cin]), tf.tensor4d(f, [c.kh, c.kw, c.cin, c.cout]), c.stride, c.pad, 'NHWC', c.dilation),
      );
      expect(err, JSON.stringify(c)).toBeLessThan(TOLERANCE);
    }
  });

  test('fused conv2d with bias and activations', async () => {
    const r = rng(22);
    for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const) {
      const c = randomConvCase(r, false);
      const x = randomArray(r, [c.n, c.h, c.w, c.cin]);
      const f = randomArray(r, [c.kh, c.kw, c.cin, c.cout]);
      const bias = randomArray(r, [c.cout]);
      const alpha = randomArray(r, [c.cout]);
      const err = await compareWithCpu(() =>
        tf.fused.conv2d({
          x: tf.tensor4d(x, [c.n, c.h, c.w, c.cin]),
          filter: tf.tensor4d(f, [c.kh, c.kw, c.cin, c.cout]),
          strides: c.stride,
          pad: c.pad,
          bias: tf.tensor1d(bias),
          activation,
          preluActivationWeights: activation === 'prelu' ? tf.tensor1d(alpha) : undefined,
          leakyreluAlpha: 0.1,
        }),
      );
      expect(err, `${activation} ${JSON.stringify(c)}`).toBeLessThan(TOLERANCE);
    }
  });

  // XNNPACK wraps a negative 'same' padding to a huge one where the kernel is smaller than the stride.
  test.each<{ name: string; h: number; w: number; kh: number; kw: number; strides: [number, number] }>([
    { name: '1×5 stride 2 on an even height, padded in width (the shape that failed)', h: 8, w: 12, kh: 1, kw: 5, strides: [2, 2] },
    { name: '5×1 stride [1, 2] on an even width, padded in height', h: 8, w: 12, kh: 5, kw: 1, strides: [1, 2] },
    { name: '2×2 stride 3 on 9×11, no padding at all', h: 9, w: 11, kh: 2, kw: 2, strides: [3, 3] },
  ])('same-padded conv2d with a kernel smaller than the stride: $name', async ({ h, w, kh, kw, strides }) => {
    const [n, cin, cout] = [3, 7, 6];
    const info = tf.backend_util.computeConv2DInfo([n, h, w, cin], [kh, kw, cin, cout], strides, 1, 'same');
    expect(xnnSamePaddingWraps(info)).toBe(true);
    const r = rng(26);
    const x = randomArray(r, [n, h, w, cin]);
    const f = randomArray(r, [kh, kw, cin, cout]);
    const bias = randomArray(r, [cout]);
    const inputs = () => ({ x: tf.tensor4d(x, [n, h, w, cin]), filter: tf.tensor4d(f, [kh, kw, cin, cout]) });
    const plain = await compareWithCpu(() => {
      const { x: xt, filter } = inputs();
      return tf.conv2d(xt, filter, strides, 'same');
    });
    expect(plain, 'conv2d').toBeLessThan(TOLERANCE);
    for (const activation of ['linear', 'relu', 'sigmoid'] as const) {
      const fused = await compareWithCpu(() =>
        tf.fused.conv2d({ ...inputs(), strides, pad: 'same', bias: tf.tensor1d(bias), activation }),
      );
      expect(fused, `fused conv2d, ${activation}`).toBeLessThan(TOLERANCE);
    }
  });

  test('conv2d gradients: Conv2DBackpropInput and Conv2DBackpropFilter', async () => {
    const r = rng(23);
    for (let trial = 0; trial < 20; trial++) {
      const c = randomConvCase(r, false);
      expect(await convGradError(c, r), JSON.stringify(c)).toBeLessThan(TOLERANCE);
    }
  });

  // each wasm-only gradient path: stride 1 (padded convolutions), strides > 1 (col2im), cin = 1
  test.each<{ name: string; c: ConvCase }>([
    { name: 'LeNet conv1: 28×28×1, 5×5 same', c: { n: 3, h: 28, w: 28, cin: 1, cout: 6, kh: 5, kw: 5, stride: [1, 1], pad: 'same', dilation: 1 } },
    { name: 'LeNet conv2: 14×14×6, 5×5 valid', c: { n: 2, h: 14, w: 14, cin: 6, cout: 16, kh: 5, kw: 5, stride: [1, 1], pad: 'valid', dilation: 1 } },
    { name: 'stride 2 same on odd sizes', c: { n: 2, h: 9, w: 11, cin: 3, cout: 5, kh: 3, kw: 3, stride: [2, 2], pad: 'same', dilation: 1 } },
    { name: 'strides [2, 1] valid, 4×3 kernel', c: { n: 2, h: 10, w: 7, cin: 2, cout: 3, kh: 4, kw: 3, stride: [2, 1], pad: 'valid', dilation: 1 } },
    { name: 'numeric padding wider than the kernel', c: { n: 2, h: 5, w: 6, cin: 2, cout: 3, kh: 2, kw: 2, stride: [1, 1], pad: 3, dilation: 1 } },
    { name: 'stride 3 with numeric padding', c: { n: 1, h: 11, w: 8, cin: 4, cout: 2, kh: 3, kw: 2, stride: [3, 3], pad: 2, dilation: 1 } },
    { name: '1×1 kernel, stride 2, same', c: { n: 2, h: 8, w: 7, cin: 5, cout: 4, kh: 1, kw: 1, stride: [2, 2], pad: 'same', dilation: 1 } },
    { name: 'kernel as large as the input', c: { n: 3, h: 6, w: 5, cin: 2, cout: 3, kh: 6, kw: 5, stride: [1, 1], pad: 'valid', dilation: 1 } },
    { name: 'one channel in and out', c: { n: 4, h: 7, w: 9, cin: 1, cout: 1, kh: 3, kw: 2, stride: [1, 1], pad: 'same', dilation: 1 } },
  ])('conv2d gradients: $name', async ({ c }) => {
    expect(await convGradError(c, rng(27))).toBeLessThan(TOLERANCE);
  });

  test('NCHW conv2d gradient (wasm-only Conv2DBackpropFilter transposes)', async () => {
    const r = rng(24);
    const x = randomArray(r, [2, 3, 9, 8]);
    const f = randomArray(r, [3, 3, 3, 4]);
    const dy = randomArray(r, [2, 4, 9, 8]);
    const err = await compareWithCpu(() => {
      const g = tf.grad((ft: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(tf.tensor4d(x, [2, 3, 9, 8]), ft as tf.Tensor4D, 1, 'same', 'NCHW'), tf.tensor4d(dy, [2, 4, 9, 8]))),
      );
      return g(tf.tensor4d(f, [3, 3, 3, 4]));
    }).catch((e: Error) => {
      // the cpu backend itself does not run NCHW conv2d; nothing to compare then
      if (/NCHW|channelsFirst|not supported|not yet supported/i.test(e.message)) return 0;
      throw e;
    });
    expect(err).toBeLessThan(TOLERANCE);
  });

  test('maxPool and avgPool forward and gradients', async () => {
    const r = rng(25);
    for (let trial = 0; trial < 24; trial++) {
      const k = randInt(r, 1, 3);
      const stride = randInt(r, 1, 3);
      const pad: 'same' | 'valid' = r() < 0.5 ? 'same' : 'valid';
      const shape: [number, number, number, number] = [randInt(r, 1, 3), k + randInt(r, 0, 8), k + randInt(r, 0, 8), randInt(r, 1, 6)];
      const avg = trial % 2 === 1;
      const err = await poolError(avg ? 'avg' : 'max', shape, [k, k], [stride, stride], pad, r);
      expect(err, `${avg ? 'avg' : 'max'} k=${k} s=${stride} ${pad} [${shape}]`).toBeLessThan(TOLERANCE);
    }
  });

  // wasm-only pooling runs the stock XNNPACK kernels for 'same'/'valid' and JavaScript for numeric padding
  test('maxPool and avgPool: rectangular windows, strides up to 4, many channels, numeric padding', async () => {
    const r = rng(28);
    for (let trial = 0; trial < 40; trial++) {
      const kh = randInt(r, 1, 5);
      const kw = randInt(r, 1, 5);
      const pads: PoolPad[] = ['same', 'valid', randInt(r, 0, Math.min(kh, kw) - 1)];
      const pad = pads[trial % 3];
      const sh = randInt(r, 1, 4);
      // tfjs sizes numerically padded pools by the row stride alone (the cpu backend then reads past x)
      const strides: [number, number] = [sh, typeof pad === 'number' ? sh : randInt(r, 1, 4)];
      const shape: [number, number, number, number] = [randInt(r, 1, 3), kh + randInt(r, 0, 9), kw + randInt(r, 0, 9), randInt(r, 1, 20)];
      const kind = trial % 2 === 0 ? 'max' : 'avg';
      const err = await poolError(kind, shape, [kh, kw], strides, pad, r);
      expect(err, `${kind} k=${kh}×${kw} s=${strides} ${pad} [${shape}]`).toBeLessThan(TOLERANCE);
    }
  });

  test('maxPool gradient with tied maxima (relu zeros) goes to the first of them, as on cpu', async () => {
    const r = rng(30);
    const shape: [number, number, number, number] = [2, 9, 8, 6];
    const x = randomArray(r, shape).map((v) => Math.max(0, Math.round(v * 2) / 2));
    const err = await compareWithCpu(() =>
      tf.grad((t: tf.Tensor) => {
        const out = tf.maxPool(t as tf.Tensor4D, [3, 2], [2, 2], 'same');
        return tf.sum(tf.mul(out, tf.reshape(tf.cos(tf.range(0, out.size)), out.shape)));
      })(tf.tensor4d(x, shape)),
    );
    expect(err).toBeLessThan(TOLERANCE);
  });

  test.each<PoolPad>(['same', 'valid'])('1×1 pooling windows with stride 2 (%s)', async (pad) => {
    const r = rng(29);
    for (const kind of ['max', 'avg'] as const) {
      const err = await poolError(kind, [2, 7, 8, 5], [1, 1], [2, 2], pad, r);
      expect(err, kind).toBeLessThan(TOLERANCE);
    }
  });
});
