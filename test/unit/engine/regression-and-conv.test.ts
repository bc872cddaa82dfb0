import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { assignWeights, loadWeights } from '../../../src-main/engine/weights-io';
import { buildModel } from '../../../src-main/engine/model';
import { loadDataset, prepareSplits } from '../../../src-main/engine/data';
import { trainJob } from '../../../src-main/engine/train-job';
import { registerDataset } from '../../../src-main/engine/data';
import { createRng } from '../../../src-main/engine/rng';
import { METRIC } from '../../../src-shared/api/metrics';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { chainSpec, expectClose, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-reg-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** y = 2·x0 − x1 + 0.5 + small noise. */
function linearSplit(count: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(count * 2);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    x[2 * i] = rng.normal();
    x[2 * i + 1] = rng.normal();
    y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5 + 0.01 * rng.normal();
  }
  return { x, y, count, shape: [2] };
}
registerDataset('test-linear', () => ({ task: 'regression', classes: 0, train: linearSplit(1000, 1), test: linearSplit(200, 2) }));

/** Features on their own scales (x0 ≈ 50 ± 10, x1 ≈ −3 ± 0.1), so standardising them matters; y = 0.2·x0 − 30·x1. */
function offScaleSplit(count: number, seed: number) {
  const split = linearSplit(count, seed);
  for (let i = 0; i < count; i++) {
    const [a, b] = [split.x[2 * i], split.x[2 * i + 1]];
    split.x[2 * i] = 50 + 10 * a;
    split.x[2 * i + 1] = -3 + 0.1 * b;
    split.y[i] = 0.2 * split.x[2 * i] - 30 * split.x[2 * i + 1];
  }
  return split;
}
registerDataset('test-off-scale', () => ({ task: 'regression', classes: 0, train: offScaleSplit(1000, 3), test: offScaleSplit(200, 4) }));

/** Per-feature mean and population sd over the first `count` examples, in float64. */
function featureStats(x: Float32Array, count: number, size: number): { mean: number[]; sd: number[] } {
  const mean = Array.from({ length: size }, (_, j) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += x[i * size + j];
    return sum / count;
  });
  const sd = mean.map((m, j) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += (x[i * size + j] - m) ** 2;
    return Math.sqrt(sum / count);
  });
  return { mean, sd };
}

async function run(input: Record<string, unknown>) {
  const messages: FromTrainer[] = [];
  const finished = await trainJob(trainJobSchema.parse({ dataDir, ...input }), { send: (m) => messages.push(m) });
  return { finished, messages };
}

describe('regression and convolution end to end', () => {
  test('MSE regression: test RMSE and MAE instead of errors, float32 predictions', async () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'out', kind: 'dense', params: { units: 1 } },
    ]);
    const { finished } = await run({
      runId: 'linear',
      spec,
      config: { loss: 'mse', optimizer: { kind: 'adam' }, learningRate: 0.05, epochs: 10, batchSize: 20, preprocessing: 'none' },
      dataset: { name: 'test-linear' },
    });
    expect(finished.status, finished.error).toBe('completed');
    expect(finished.result!.testErrors).toBeUndefined();
    expect(finished.result!.testRmse).toBeLessThan(0.05);
    expect(finished.result!.testMae).toBeLessThan(finished.result!.testRmse! * 1.0001);
    expect(readFileSync(join(dataDir, 'artifacts', 'linear', 'predictions.bin')).length).toBe(200 * 4);
  });

  test('weights.json records the standardisation the training used; with it the weights work on raw inputs', async () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'h', kind: 'dense', params: { units: 8, activation: 'relu' } },
      { id: 'out', kind: 'dense', params: { units: 1 } },
    ]);
    const job = trainJobSchema.parse({
      dataDir,
      runId: 'off-scale',
      spec,
      config: { loss: 'mse', optimizer: { kind: 'adam' }, learningRate: 0.02, epochs: 3, batchSize: 50, preprocessing: 'standardise', validationSplit: 0.1 },
      dataset: { name: 'test-off-scale' },
    });
    const messages: FromTrainer[] = [];
    const finished = await trainJob(job, { send: (m) => messages.push(m) });
    expect(finished.status, finished.error).toBe('completed');
    // What the renderer's regression charts plot: validation RMSE and MAE per epoch, no accuracy.
    const keys = new Set(messages.flatMap((m) => (m.type === 'metrics' ? m.points.map((p) => p.key) : [])));
    for (const key of [METRIC.trainLossStep, METRIC.trainLoss, METRIC.valLoss, METRIC.valRmse, METRIC.valMae]) expect(keys).toContain(key);
    expect(keys).not.toContain(METRIC.trainAccStep);
    expect(keys).not.toContain(METRIC.valAcc);

    const { preprocessing } = loadWeights(join(dataDir, 'artifacts', 'off-scale', 'weights.json'));
    expect(preprocessing).toMatchObject({ mode: 'standardise', target: null });
    // Statistics of the 900 examples left for training after the validation split, computed here from the raw data.
    const raw = loadDataset(job.dataset, dataDir);
    const { mean, sd } = featureStats(raw.train.x, 900, 2);
    expectClose(preprocessing!.input!.offset, mean, 1e-9);
    expectClose(preprocessing!.input!.scale.map((s) => 1 / s), sd, 1e-6);
    expect(sd[0]).toBeGreaterThan(5);
    expect(sd[1]).toBeLessThan(0.2);

    // Applying the record to raw test inputs gives exactly what the network was tested on, and the saved predictions.
    const rawTest = raw.test.x;
    const { offset, scale } = preprocessing!.input!;
    const scaled = rawTest.map((value, i) => (value - offset[i % 2]) * scale[i % 2]);
    expect(Array.from(scaled)).toEqual(Array.from(prepareSplits(loadDataset(job.dataset, dataDir), job.config).test.x));
    const loaded = loadWeights(join(dataDir, 'artifacts', 'off-scale', 'weights.json'));
    const model = buildModel(loaded.spec, job.config.init, 77);
    assignWeights(model, loaded);
    const outputs = tf.tidy(() => model.apply(tf.tensor(scaled, [200, 2]), { training: false }).dataSync() as Float32Array);
    const saved = readFileSync(join(dataDir, 'artifacts', 'off-scale', 'predictions.bin'));
    expect(Array.from(outputs)).toEqual(Array.from(new Float32Array(saved.buffer.slice(saved.byteOffset, saved.byteOffset + saved.length))));
    // Targets are used as stored, so the predictions are in the target's units: the reported RMSE comes from them directly.
    const rmse = Math.sqrt(outputs.reduce((sum, value, i) => sum + (value - raw.test.y[i]) ** 2, 0) / 200);
    expect(rmse).toBeCloseTo(finished.result!.testRmse!, 4);
    model.dispose();
  });

  test('a small conv net learns MNIST digits', async () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [28, 28, 1] } },
      { id: 'conv', kind: 'conv2d', params: { filters: 8, kernelSize: 5, stride: 2, activation: 'relu' } },
      { id: 'pool', kind: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'flat', kind: 'flatten' },
      { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
    ]);
    const { finished } = await run({
      runId: 'conv',
      spec,
      config: { optimizer: { kind: 'adam' }, learningRate: 0.005, epochs: 2, batchSize: 50, seed: 3 },
      dataset: { name: 'mnist', trainLimit: 1000, testLimit: 1000 },
    });
    expect(finished.status, finished.error).toBe('completed');
    expect(finished.result!.testErrorRate).toBeLessThan(0.3);
  });
});
