import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainJob } from '../../../src-main/engine';
import { registerDataset } from '../../../src-main/engine/data';
import { createRng } from '../../../src-main/engine/rng';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { chainSpec, useTrainerBackend } from './helpers';

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
