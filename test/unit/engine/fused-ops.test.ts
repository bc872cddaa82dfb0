import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadDataset, splitValidation } from '../../../src-main/engine/data';
import type { DataSplit } from '../../../src-main/engine/data/types';
import { fit } from '../../../src-main/engine/fit';
import { buildModel } from '../../../src-main/engine/model';
import { createRng } from '../../../src-main/engine/rng';
import type { ModelSpec } from '../../../src-shared/network/types';
import type { TrainConfigInput } from '../../../src-shared/config/schema';
import { chainSpec, config, expectClose, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const savedToggle = process.env.LAYERLAB_FUSED_OPS;
afterEach(() => {
  if (savedToggle === undefined) delete process.env.LAYERLAB_FUSED_OPS;
  else process.env.LAYERLAB_FUSED_OPS = savedToggle;
});

function setFused(enabled: boolean): void {
  process.env.LAYERLAB_FUSED_OPS = enabled ? '1' : '0';
}

/** Every batch loss of a short run, and the kernels one forward pass dispatches. */
async function batchLosses(spec: ModelSpec, train: DataSplit, classes: number, input: TrainConfigInput) {
  const c = config({ epochs: 2, batchSize: 20, preprocessing: 'none', ...input });
  const model = buildModel(spec, c.init, c.seed);
  const losses: number[] = [];
  await fit({ model, config: c, train, task: { task: 'classification', classes }, callbacks: [{ onBatchEnd: (b) => void losses.push(b.loss) }] });
  const x = tf.zeros([2, ...train.shape]);
  const profile = await tf.profile(() => model.apply(x, { training: true, stepSeed: 1, logits: true }));
  tf.dispose([x, profile.result as tf.Tensor]);
  model.dispose();
  return { losses, kernels: profile.kernelNames };
}

async function comparePaths(spec: ModelSpec, train: DataSplit, classes: number, input: TrainConfigInput) {
  setFused(false);
  const plain = await batchLosses(spec, train, classes, input);
  setFused(true);
  const fused = await batchLosses(spec, train, classes, input);
  expect(plain.losses.length).toBeGreaterThan(10);
  expect(plain.losses.every(Number.isFinite)).toBe(true);
  expect(plain.losses.at(-1)).toBeLessThan(plain.losses[0]);
  expectClose(fused.losses, plain.losses, 1e-4);
  return { plain: plain.kernels, fused: fused.kernels };
}

const sgd = {
  optimizer: { kind: 'sgd' as const, momentumRamp: { from: 0.5, to: 0.9, epochs: 2 } },
  learningRate: 0.05,
  schedule: { kind: 'exponential' as const, factor: 0.5 },
  maxNorm: { limit: 2 },
};

describe('fused training ops give the plain ops’ losses (LAYERLAB_FUSED_OPS=0 is the plain path)', () => {
  test('MLP on spirals: relu and linear dense fused, tanh dense and softmax output plain; SGD momentum, lr schedule, max-norm', async () => {
    const { train } = splitValidation(loadDataset({ name: 'spirals', trainLimit: 300 }, '/unused').train, 0);
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'h1', kind: 'dense', params: { units: 24, activation: 'relu' } },
      { id: 'h2', kind: 'dense', params: { units: 24, activation: 'tanh' } },
      { id: 'h3', kind: 'dense', params: { units: 16 } },
      { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
    ]);
    const kernels = await comparePaths(spec, train, 2, sgd);
    expect(kernels.fused).toContain('_FusedMatMul');
    expect(kernels.plain).not.toContain('_FusedMatMul');
  });

  test('conv net: stride-1 convs fused (same with its max pool, valid), a stride-2 conv plain with its pool, softmax dense', async () => {
    const rng = createRng(5);
    const count = 200;
    const x = new Float32Array(count * 8 * 8);
    const y = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      y[i] = i % 3;
      // class k brightens row band k: learnable in a few steps
      for (let p = 0; p < 64; p++) x[i * 64 + p] = 0.3 * rng.normal() + (Math.floor(p / 8 / 3) === y[i] ? 1 : 0);
    }
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [8, 8, 1] } },
      { id: 'c1', kind: 'conv2d', params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' } },
      { id: 'p1', kind: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'c2', kind: 'conv2d', params: { filters: 6, kernelSize: 3, padding: 'valid', activation: 'relu' } },
      { id: 'c3', kind: 'conv2d', params: { filters: 6, kernelSize: 2, stride: 2, activation: 'relu' } },
      { id: 'p', kind: 'maxpool2d', params: { poolSize: 1 } },
      { id: 'f', kind: 'flatten' },
      { id: 'out', kind: 'dense', params: { units: 3, activation: 'softmax' } },
    ]);
    const kernels = await comparePaths(spec, { x, y, count, shape: [8, 8, 1] }, 3, { ...sgd, learningRate: 0.02 });
    expect(kernels.fused).toContain('FusedConv2D');
    expect(kernels.plain).not.toContain('FusedConv2D');
  });
});
