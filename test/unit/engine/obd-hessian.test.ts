import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel, type Model } from '../../../src-main/engine/model';
import { denseLayers, hessianDiagonal } from '../../../src-main/engine/procedures/obd-hessian';
import { deleteLowest, predictedAgainstActual, saliencies, type HessianSubset } from '../../../src-main/engine/procedures/obd-prune';
import { createRng } from '../../../src-main/engine/rng';
import { checkObdNetwork } from '../../../src-shared/procedures/obd';
import { networkOutline } from '../../../src-shared/procedures/outline';
import { analyzeSpec } from '../../../src-shared/network';
import { chainSpec, config, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);

type Loss = 'softmax-cross-entropy' | 'mse';
const N = 6;
const IN = 4;
const HIDDEN = 3;
const OUT = 2;

/** A 4-3-2 tanh net with weights drawn large enough that tanh bends (so f″ matters), and its data. */
function tinyNet(output: string, seed: number) {
  const model = buildModel(
    chainSpec([
      { id: 'in', kind: 'input', params: { shape: [IN] } },
      { id: 'h', kind: 'dense', params: { units: HIDDEN, activation: 'tanh' } },
      { id: 'out', kind: 'dense', params: { units: OUT, activation: output } },
    ]),
    config().init,
    1,
  );
  const rng = createRng(seed);
  for (const weight of model.weights) {
    weight.variable.assign(tf.tensor(Float32Array.from({ length: weight.variable.size }, () => rng.normal() * 0.9), weight.variable.shape));
  }
  const x = Float32Array.from({ length: N * IN }, () => rng.normal());
  const labels = Array.from({ length: N }, (_, i) => i % OUT);
  const targets = Float32Array.from({ length: N * OUT }, (_, i) => (labels[Math.floor(i / OUT)] === i % OUT ? 1 : 0));
  return { model, x, targets };
}

/** Float64 copies of the net's weights: [W1 (4×3), b1, W2 (3×2), b2], row-major like the kernels. */
function readWeights(model: Model): Float64Array[] {
  return model.weights.map((weight) => Float64Array.from(weight.variable.dataSync()));
}

/** Per example: the output layer's z (logits for cross-entropy, outputs for MSE) in float64. */
function forward(w: Float64Array[], x: Float32Array, n: number, output: string): Float64Array {
  const [w1, b1, w2, b2] = w;
  const h = new Float64Array(HIDDEN);
  for (let j = 0; j < HIDDEN; j++) {
    let a = b1[j];
    for (let i = 0; i < IN; i++) a += x[n * IN + i] * w1[i * HIDDEN + j];
    h[j] = Math.tanh(a);
  }
  return Float64Array.from({ length: OUT }, (_, o) => {
    let a = b2[o];
    for (let j = 0; j < HIDDEN; j++) a += h[j] * w2[j * OUT + o];
    return output === 'tanh' ? Math.tanh(a) : a;
  });
}

function softmax(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  const e = z.map((value) => Math.exp(value - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((value) => value / sum);
}

function meanLoss(w: Float64Array[], x: Float32Array, targets: Float32Array, loss: Loss, output: string): number {
  let total = 0;
  for (let n = 0; n < N; n++) {
    const z = forward(w, x, n, output);
    const t = targets.subarray(n * OUT, (n + 1) * OUT);
    if (loss === 'softmax-cross-entropy') total -= softmax(z).reduce((sum, p, o) => sum + t[o] * Math.log(p), 0);
    else total += z.reduce((sum, value, o) => sum + (value - t[o]) ** 2, 0) / OUT;
  }
  return total / N;
}

/** The Gauss–Newton diagonal of kernel weights by finite differences of the output Jacobian: mean over examples of Jᵀ·H_out·J. */
function gaussNewtonDiagonal(w: Float64Array[], x: Float32Array, loss: Loss, output: string, eps = 1e-5): Float64Array[] {
  return [0, 2].map((layer) =>
    Float64Array.from(w[layer], (_, index) => {
      const shifted = (delta: number) => w.map((values, l) => (l === layer ? values.map((value, i) => (i === index ? value + delta : value)) : values));
      const [plus, minus] = [shifted(eps), shifted(-eps)];
      let sum = 0;
      for (let n = 0; n < N; n++) {
        const zp = forward(plus, x, n, output);
        const zm = forward(minus, x, n, output);
        const jacobian = zp.map((value, o) => (value - zm[o]) / (2 * eps));
        if (loss === 'softmax-cross-entropy') {
          const p = softmax(forward(w, x, n, output));
          // Jᵀ (diag(p) − ppᵀ) J
          const pj = p.reduce((acc, value, o) => acc + value * jacobian[o], 0);
          sum += p.reduce((acc, value, o) => acc + value * jacobian[o] ** 2, 0) - pj * pj;
        } else sum += jacobian.reduce((acc, value) => acc + value * value, 0) * (2 / OUT);
      }
      return sum / N;
    }),
  );
}

/** The true Hessian diagonal of the mean loss by central second differences. */
function trueDiagonal(w: Float64Array[], x: Float32Array, targets: Float32Array, loss: Loss, output: string, eps = 1e-4): Float64Array[] {
  const base = meanLoss(w, x, targets, loss, output);
  return [0, 2].map((layer) =>
    Float64Array.from(w[layer], (_, index) => {
      const at = (delta: number) => meanLoss(w.map((values, l) => (l === layer ? values.map((value, i) => (i === index ? value + delta : value)) : values)), x, targets, loss, output);
      return (at(eps) - 2 * base + at(-eps)) / (eps * eps);
    }),
  );
}

function engineDiagonal(model: Model, x: Float32Array, targets: Float32Array, loss: Loss, form: 'lm' | 'exact'): Float32Array[] {
  const layers = denseLayers(model, loss);
  const xs = tf.tensor2d(x, [N, IN]);
  const ys = tf.tensor2d(targets, [N, OUT]);
  // Two chunks, as the engine sums over chunks of the subset.
  const chunks = [
    { x: tf.slice(xs, [0, 0], [4, IN]), y: tf.slice(ys, [0, 0], [4, OUT]) },
    { x: tf.slice(xs, [4, 0], [N - 4, IN]), y: tf.slice(ys, [4, 0], [N - 4, OUT]) },
  ];
  const result = hessianDiagonal(layers, chunks, N, loss, form);
  tf.dispose([xs, ys, ...chunks.flatMap((chunk) => [chunk.x, chunk.y])]);
  return result;
}

function expectRelative(actual: Float32Array[], expected: Float64Array[], tolerance: number): number {
  const scale = Math.max(...expected.flatMap((layer) => Array.from(layer, Math.abs)));
  let worst = 0;
  actual.forEach((layer, k) =>
    layer.forEach((value, i) => {
      const want = expected[k][i];
      const error = Math.abs(value - want) / Math.max(Math.abs(want), 1e-3 * scale);
      worst = Math.max(worst, error);
      if (!(error <= tolerance)) throw new Error(`layer ${k} weight ${i}: ${value} against ${want} (relative error ${error.toExponential(2)} > ${tolerance})`);
    }),
  );
  return worst;
}

describe('OBD second-derivative pass (LeCun, Denker & Solla 1990) on a 4-3-2 tanh net', () => {
  const cases: { loss: Loss; output: string }[] = [
    { loss: 'softmax-cross-entropy', output: 'softmax' },
    { loss: 'mse', output: 'tanh' },
    { loss: 'mse', output: 'linear' },
  ];

  test.each(cases)('Levenberg–Marquardt form equals the finite-difference Gauss–Newton diagonal within 1e-3 relative ($loss, $output output)', ({ loss, output }) => {
    const { model, x, targets } = tinyNet(output, 3);
    const w = readWeights(model);
    const gn = gaussNewtonDiagonal(w, x, loss, output === 'softmax' ? 'linear' : output);
    const got = engineDiagonal(model, x, targets, loss, 'lm');
    expectRelative(got, gn, 1e-3);
    expect(got.every((layer) => layer.every((value) => value >= 0))).toBe(true);
    model.dispose();
  });

  test.each(cases)('exact form equals the finite-difference diagonal of the true Hessian within 1e-3 relative ($loss, $output output)', ({ loss, output }) => {
    const { model, x, targets } = tinyNet(output, 5);
    const w = readWeights(model);
    const zOutput = output === 'softmax' ? 'linear' : output;
    const exact = trueDiagonal(w, x, targets, loss, zOutput);
    const got = engineDiagonal(model, x, targets, loss, 'exact');
    expectRelative(got, exact, 1e-3);
    // The test can tell the forms apart: the true diagonal is not the Gauss–Newton one here.
    const gn = gaussNewtonDiagonal(w, x, loss, zOutput);
    const gap = Math.max(...exact.flatMap((layer, k) => Array.from(layer, (value, i) => Math.abs(value - gn[k][i]))));
    expect(gap).toBeGreaterThan(1e-2 * Math.max(...exact.flatMap((layer) => Array.from(layer, Math.abs))));
    model.dispose();
  });
});

describe('OBD pruning and network check', () => {
  test('deleteLowest removes exactly the requested count of kept weights with the lowest scores, across layers', () => {
    const scores = [Float32Array.from([5, 1, 3, 3]), Float32Array.from([0.5, 9, 3])];
    const keep = [Float32Array.from([1, 1, 1, 1]), Float32Array.from([0, 1, 1])];
    // 0.5 is already deleted; the 3 lowest kept are 1, then two of the three 3s (index order).
    expect(deleteLowest(scores, keep, 3)).toBe(3);
    expect(Array.from(keep[0])).toEqual([1, 0, 0, 0]);
    expect(Array.from(keep[1])).toEqual([0, 1, 1]);
  });

  test('with weight decay λ the saliency is (h + λ)·w²/2, the objective’s, and the actual change includes the weight’s penalty −λw²/2', () => {
    const { model, x, targets } = tinyNet('softmax', 5);
    const layers = denseLayers(model, 'softmax-cross-entropy');
    const chunk = { x: tf.tensor2d(x, [N, IN]), y: tf.tensor2d(targets, [N, OUT]) };
    const subset: HessianSubset = { count: N, chunks: [chunk], dispose: () => tf.dispose([chunk.x, chunk.y]) };
    const decay = 0.05;
    const plain = saliencies(layers, subset, 'softmax-cross-entropy', 'lm');
    const decayed = saliencies(layers, subset, 'softmax-cross-entropy', 'lm', decay);
    layers.forEach((layer, k) => {
      const w = layer.kernel.variable.dataSync();
      expect(Array.from(decayed[k])).toEqual(Array.from(plain[k], (value, i) => expect.closeTo(value + (decay * w[i] * w[i]) / 2, 6)));
    });
    const without = predictedAgainstActual(model, layers, plain, subset, 'softmax-cross-entropy', 5);
    // The same ranking picks the same weights; only the actual's penalty term differs.
    const withDecay = predictedAgainstActual(model, layers, plain, subset, 'softmax-cross-entropy', 5, decay);
    expect(withDecay.map((point) => point.actual)).toEqual(without.map((point) => expect.closeTo(point.actual - (decay * point.weight * point.weight) / 2, 6)));
    subset.dispose();
    model.dispose();
  });

  test('conv layers are refused by name; an activation node after a linear dense is accepted', () => {
    const outline = (nodes: Parameters<typeof chainSpec>[0]) => networkOutline(analyzeSpec(chainSpec(nodes)));
    expect(
      checkObdNetwork(
        outline([
          { id: 'in', kind: 'input', params: { shape: [8, 8, 1] } },
          { id: 'conv1', kind: 'conv2d', params: { filters: 2, kernelSize: 3 } },
          { id: 'flat', kind: 'flatten' },
          { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
        ]),
      ),
    ).toEqual([expect.stringMatching(/^node "conv1": procedure obd computes second derivatives for dense layers only; conv2d is not supported/)]);
    expect(
      checkObdNetwork(
        outline([
          { id: 'in', kind: 'input', params: { shape: [4] } },
          { id: 'h', kind: 'dense', params: { units: 3, activation: 'tanh' } },
          { id: 'out', kind: 'dense', params: { units: 2, activation: 'linear' } },
          { id: 'sm', kind: 'activation', params: { fn: 'softmax' } },
        ]),
      ),
    ).toEqual([]);
  });
});
