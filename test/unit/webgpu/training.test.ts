import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadDataset, prepareSplits } from '../../../src-main/engine/data';
import { fit } from '../../../src-main/engine/fit';
import { buildModel } from '../../../src-main/engine/model';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import type { TrainConfigInput } from '../../../src-shared/config/schema';
import type { ModelSpec } from '../../../src-shared/network/types';
import { chainSpec } from '../engine/helpers';
import { TOLERANCE, webgpuAvailable } from './helpers';

const available = await webgpuAvailable();

interface Template { spec: ModelSpec; config: TrainConfigInput; dataset: { name: string } }

function template(id: string): Template {
  return JSON.parse(readFileSync(new URL(`../../../resources/templates/${id}.json`, import.meta.url), 'utf8')) as Template;
}

/** The batch losses of `steps` steps of a template's network and settings on one backend, and its final weights. */
async function stepLosses(backend: 'cpu' | 'webgpu', t: Template, steps: number, overrides: TrainConfigInput = {}) {
  await tf.setBackend(backend);
  const config = parseTrainConfig({ ...t.config, epochs: 1, validationSplit: 0, ...overrides });
  const dataset = loadDataset({ name: t.dataset.name, trainLimit: steps * config.batchSize, testLimit: 10 }, '/unused', { validationSplit: 0 });
  const { train } = prepareSplits(dataset, config);
  const model = buildModel(t.spec, config.init, config.seed);
  const losses: number[] = [];
  await fit({ model, config, train, task: { task: 'classification', classes: dataset.summary.classes }, callbacks: [{ onBatchEnd: (b) => void losses.push(b.loss) }] });
  const weights = model.weights.map((w) => Array.from(w.variable.dataSync()));
  model.dispose();
  return { losses, weights };
}

function expectSameLosses(got: number[], ref: number[], label: string): void {
  expect(got.length, label).toBe(ref.length);
  got.forEach((loss, i) => expect(Math.abs(loss - ref[i]) / Math.abs(ref[i]), `${label} step ${i + 1}: webgpu ${loss}, cpu ${ref[i]}`).toBeLessThan(TOLERANCE));
}

describe.skipIf(!available)('training on webgpu gives the cpu backend’s losses', () => {
  test('the dropout MLP template (784-800-800-10, dropout masks from the seeds, SGD momentum ramp, max-norm): 3 steps', async () => {
    const t = template('mlp-dropout-784-800-800-10');
    const ref = await stepLosses('cpu', t, 3);
    const got = await stepLosses('webgpu', t, 3);
    expect(ref.losses.every(Number.isFinite)).toBe(true);
    expectSameLosses(got.losses, ref.losses, 'mlp');
  });

  test('the LeNet-5 template (conv, max pool, dense): 3 steps of 20 examples', async () => {
    // Batches of 20, not the template's 100: the plain cpu backend, the reference, takes about 30 s a step at 100.
    const t = template('lenet5');
    const ref = await stepLosses('cpu', t, 3, { batchSize: 20 });
    const got = await stepLosses('webgpu', t, 3, { batchSize: 20 });
    expectSameLosses(got.losses, ref.losses, 'lenet');
  });

  test('every layer kind, Adam and RMSprop, mean-squared error: 3 steps each', async () => {
    // Spirals through every kind the catalog has: dense, reshape to an image, conv, both poolings, concatenate, activations, dropout.
    const spec: ModelSpec = {
      ...chainSpec([
        { id: 'in', kind: 'input', params: { shape: [2] } },
        { id: 'h1', kind: 'dense', params: { units: 32, activation: 'tanh' } },
        { id: 'img', kind: 'reshape', params: { targetShape: [4, 4, 2] } },
        { id: 'conv', kind: 'conv2d', params: { filters: 4, kernelSize: 3, activation: 'relu', padding: 'same' } },
        { id: 'maxp', kind: 'maxpool2d', params: { poolSize: 2 } },
        { id: 'flat', kind: 'flatten' },
        { id: 'drop', kind: 'dropout', params: { rate: 0.3 } },
        { id: 'h2', kind: 'dense', params: { units: 16, activation: 'sigmoid' } },
        { id: 'cat', kind: 'concatenate' },
        { id: 'out', kind: 'dense', params: { units: 2, activation: 'linear' } },
        { id: 'soft', kind: 'activation', params: { fn: 'softmax' } },
      ]),
    };
    spec.nodes.push({ id: 'avgp', kind: 'avgpool2d', params: { poolSize: 2 } }, { id: 'flat2', kind: 'flatten', params: {} });
    spec.edges = spec.edges.filter((e) => !(e.from === 'h2' && e.to === 'cat'));
    spec.edges.push({ from: 'conv', to: 'avgp' }, { from: 'avgp', to: 'flat2' }, { from: 'h2', to: 'cat' }, { from: 'flat2', to: 'cat' });
    const t: Template = { spec, config: { batchSize: 20, seed: 4, learningRate: 0.01 }, dataset: { name: 'spirals' } };
    for (const overrides of [
      { optimizer: { kind: 'adam' } },
      { optimizer: { kind: 'rmsprop' }, maxNorm: { limit: 1 } },
      { optimizer: { kind: 'sgd', momentum: 0.9, nesterov: true }, loss: 'mse' },
    ] as TrainConfigInput[]) {
      const ref = await stepLosses('cpu', t, 3, overrides);
      const got = await stepLosses('webgpu', t, 3, overrides);
      expectSameLosses(got.losses, ref.losses, JSON.stringify(overrides));
    }
  });

  test('a run on webgpu reproduces from its seed: the same losses and weights, bit for bit', async () => {
    const t = template('mlp-dropout-784-800-800-10');
    const a = await stepLosses('webgpu', t, 2, { batchSize: 50 });
    const b = await stepLosses('webgpu', t, 2, { batchSize: 50 });
    const c = await stepLosses('webgpu', t, 2, { batchSize: 50, seed: 2 });
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
    expect(c.losses).not.toEqual(a.losses);
  });
});
