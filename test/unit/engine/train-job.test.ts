import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignWeights, loadWeights } from '../../../src-main/engine/weights-io';
import { buildModel } from '../../../src-main/engine/model';
import { evaluate } from '../../../src-main/engine/evaluate';
import { loadDataset, prepareSplits } from '../../../src-main/engine/data';
import { readPredictions, readProbabilities } from '../../../src-main/engine/predictions';
import { trainJob } from '../../../src-main/engine/train-job';
import { METRIC } from '../../../src-shared/api/metrics';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { expectClose, spiralsMlp, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-job-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const template = (id: string) => JSON.parse(readFileSync(join('resources', 'templates', `${id}.json`), 'utf8'));

async function run(input: Record<string, unknown>) {
  const job = trainJobSchema.parse({ dataDir, ...input });
  const messages: FromTrainer[] = [];
  const finished = await trainJob(job, { send: (message) => messages.push(message) });
  return { job, messages, finished };
}

describe('trainJob', () => {
  test('the dropout MLP template, 1 epoch on 5000 MNIST examples, seed 1: test error < 15%, artifacts that load again', async () => {
    const tpl = template('mlp-dropout-784-800-800-10');
    const { job, messages, finished } = await run({
      runId: 'dropout-5k',
      spec: tpl.spec,
      config: { ...tpl.config, epochs: 1, seed: 1 },
      dataset: { name: 'mnist', trainLimit: 5000 },
    });
    expect(finished.status, finished.error).toBe('completed');
    expect(finished.result!.testCount).toBe(10000);
    expect(finished.result!.testErrorRate).toBeLessThan(0.15);
    expect(finished.result!.testErrors).toBe(Math.round(finished.result!.testErrorRate! * 10000));

    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('started');
    expect(types).toContain('progress');
    const started = messages[0] as Extract<FromTrainer, { type: 'started' }>;
    expect(started.dataset).toMatchObject({ name: 'mnist', trainSize: 4500, valSize: 500, testSize: 10000, classes: 10 });
    const points = messages.flatMap((m) => (m.type === 'metrics' ? m.points : []));
    const keys = new Set(points.map((p) => p.key));
    for (const key of [METRIC.trainLossStep, METRIC.trainLoss, METRIC.valLoss, METRIC.valAcc, METRIC.learningRate, METRIC.momentum, METRIC.testErrorRate]) expect(keys).toContain(key);
    expect(points.find((p) => p.key === METRIC.testErrors)!.value).toBe(finished.result!.testErrors);

    const artifacts = messages.filter((m): m is Extract<FromTrainer, { type: 'artifact' }> => m.type === 'artifact');
    expect(artifacts.map((a) => a.name)).toEqual(['weights.json', 'predictions.bin', 'probabilities.bin']);
    const predictions = readPredictions(join(dataDir, artifacts[1].path), 10000);
    expect(predictions).toBeInstanceOf(Uint8Array);
    // The test class probabilities (what committees average): each row sums to 1 and its argmax is the stored prediction.
    const probabilities = readProbabilities(join(dataDir, artifacts[2].path), 10000, 10);
    for (const i of [0, 1, 4999, 9999]) {
      const row = Array.from(probabilities.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(row.indexOf(Math.max(...row))).toBe(predictions[i]);
    }

    // The saved weights reproduce the reported test errors and the saved predictions.
    const loaded = loadWeights(join(dataDir, artifacts[0].path));
    const model = buildModel(loaded.spec, job.config.init, 123);
    assignWeights(model, loaded);
    const { test } = prepareSplits(loadDataset(job.dataset, dataDir), job.config);
    // The template centres pixel intensities: bytes mapped to [0, 1], minus the mean byte of the 4500 training images.
    expect(loaded.preprocessing).toMatchObject({ mode: 'centre', target: null });
    expect(loaded.preprocessing!.input!.scale).toEqual(new Array(784).fill(1 / 255));
    const rawTrain = loadDataset(job.dataset, dataDir).train.x;
    const pixelMeans = Array.from({ length: 784 }, (_, j) => {
      let sum = 0;
      for (let i = 0; i < 4500; i++) sum += rawTrain[i * 784 + j];
      return sum / 4500;
    });
    expectClose(loaded.preprocessing!.input!.offset, pixelMeans, 1e-9);
    const again = evaluate(model, test, { task: 'classification', classes: 10 }, 'softmax-cross-entropy');
    expect(again.errors).toBe(finished.result!.testErrors);
    expect(Array.from(again.predictions)).toEqual(Array.from(predictions));
    model.dispose();
  });

  test('an unknown dataset fails with a message listing the known ones', async () => {
    const { finished, messages } = await run({ runId: 'bad-data', spec: spiralsMlp(), config: {}, dataset: { name: 'cifar' } });
    expect(finished).toMatchObject({ status: 'failed', runId: 'bad-data' });
    expect(finished.error).toMatch(/unknown dataset "cifar"; use one of the built-in datasets mnist, spirals, blobs/);
    expect(messages).toEqual([]);
  });

  test('a network whose output does not match the classes fails naming the node', async () => {
    const { finished } = await run({ runId: 'bad-out', spec: spiralsMlp(), config: {}, dataset: { name: 'blobs' } });
    expect(finished.status).toBe('failed');
    expect(finished.error).toBe(`node "out": the network's output has 2 values but blobs has 4 classes; the last layer needs 4 units`);
  });

  test('an input shape that does not fit the examples fails naming the input node', async () => {
    const spec = { ...spiralsMlp(), nodes: spiralsMlp().nodes.map((n) => (n.id === 'in' ? { ...n, params: { shape: [3] } } : n)) };
    const { finished } = await run({ runId: 'bad-in', spec, config: {}, dataset: { name: 'spirals' } });
    expect(finished.error).toMatch(/^node "in": input shape 3 \(3 values\) does not fit spirals examples of shape 2/);
  });

  test('config.fusedOps false trains with the plain ops: the same losses as LAYERLAB_FUSED_OPS=0, and the next run is fused again', async () => {
    const job = (runId: string, fusedOps?: boolean) => ({
      runId,
      spec: spiralsMlp(),
      config: { epochs: 2, batchSize: 50, seed: 3, ...(fusedOps === undefined ? {} : { fusedOps }) },
      dataset: { name: 'spirals' },
    });
    const plainByConfig = await run(job('plain-config', false));
    const saved = process.env.LAYERLAB_FUSED_OPS;
    process.env.LAYERLAB_FUSED_OPS = '0';
    let plainByEnv;
    try {
      plainByEnv = await run(job('plain-env'));
    } finally {
      if (saved === undefined) delete process.env.LAYERLAB_FUSED_OPS;
      else process.env.LAYERLAB_FUSED_OPS = saved;
    }
    const fused = await run(job('fused-after'));
    expect(plainByConfig.finished.result!.finalLoss).toBe(plainByEnv.finished.result!.finalLoss);
    // The fused kernels sum in another order: close, not bit-identical, which shows the option was not left off.
    expect(fused.finished.result!.finalLoss).not.toBe(plainByConfig.finished.result!.finalLoss);
    expectClose([fused.finished.result!.finalLoss], [plainByConfig.finished.result!.finalLoss], 1e-3);
  });

  test('stopped before the first batch: status stopped, no result (it would have no loss)', async () => {
    const controller = new AbortController();
    controller.abort();
    const job = trainJobSchema.parse({ dataDir, runId: 'early-stop', spec: spiralsMlp(), config: {}, dataset: { name: 'spirals' } });
    const messages: FromTrainer[] = [];
    const finished = await trainJob(job, { send: (m) => messages.push(m), signal: controller.signal });
    expect(finished).toEqual({ type: 'finished', runId: 'early-stop', status: 'stopped', error: 'stopped on request' });
    // The stage is announced and ends 'stopped'; nothing was trained, so no metrics and no artifacts.
    expect(messages.map((m) => m.type)).toEqual(['started', 'stage', 'progress', 'stage']);
    expect(messages.at(-1)).toMatchObject({ type: 'stage', event: 'end', index: 0, status: 'stopped', epochsDone: 0 });
  });

  test('an absurd learning rate ends as diverged with the step, no artifacts', async () => {
    const { finished, messages } = await run({
      runId: 'diverge',
      spec: spiralsMlp(),
      config: { learningRate: 1e6, epochs: 3, batchSize: 50 },
      dataset: { name: 'spirals' },
    });
    expect(finished.status).toBe('diverged');
    expect(finished.error).toMatch(/training loss (became (NaN|Infinity)|\S+ is over 10000× the first batch's \S+) at step \d+/);
    expect(finished.result).toBeUndefined();
    expect(messages.some((m) => m.type === 'artifact')).toBe(false);
    expect(existsSync(join(dataDir, 'artifacts', 'diverge', 'weights.json'))).toBe(false);
  });
});
