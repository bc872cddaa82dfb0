import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { restoreCheckpoint, restoreStageCheckpoint, saveCheckpoint, saveStageCheckpoint } from '../../../src-main/engine/checkpoint';
import { loadDataset, splitValidation } from '../../../src-main/engine/data';
import { fit } from '../../../src-main/engine/fit';
import { buildModel, type Model } from '../../../src-main/engine/model';
import { createOptimizer } from '../../../src-main/engine/optimizers';
import { trainJob } from '../../../src-main/engine/train-job';
import { decodeTensor } from '../../../src-main/engine/tensor-codec';
import { serializeWeights } from '../../../src-main/engine/weights-io';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import type { TrainConfigInput } from '../../../src-shared/config/schema';
import { config, spiralsMlp, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-masks-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const task = { task: 'classification' as const, classes: 2 };
const spirals = loadDataset({ name: 'spirals', trainLimit: 400 }, '/unused');
const { train } = splitValidation(spirals.train, 0);
const preprocessing = { mode: 'none' as const, input: null, target: null };

/** Every other weight of h1's kernel deleted, every third of out's. */
function maskModel(model: Model): Float32Array[] {
  const masks: Float32Array[] = [];
  for (const [nodeId, every] of [['h1', 2], ['out', 3]] as const) {
    const weight = model.weights.find((candidate) => candidate.nodeId === nodeId && candidate.def.role === 'kernel')!;
    const keep = Float32Array.from({ length: weight.variable.size }, (_, i) => (i % every === 0 ? 0 : 1));
    model.masks.set(weight, keep);
    masks.push(keep);
  }
  return masks;
}

const kernels = (model: Model) => ['h1', 'out'].map((id) => model.weights.find((w) => w.nodeId === id && w.def.role === 'kernel')!);
const deletedStayZero = (model: Model, masks: Float32Array[]) =>
  kernels(model).every((weight, k) => Array.from(weight.variable.dataSync()).every((value, i) => masks[k][i] === 1 || value === 0));

describe('weight masks are honoured by training, optimizer slots, max-norm and checkpoints', () => {
  const optimizers: { name: string; input: TrainConfigInput }[] = [
    { name: 'adam', input: { optimizer: { kind: 'adam' }, learningRate: 0.01 } },
    { name: 'sgd with momentum', input: { optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05 } },
    { name: 'nesterov', input: { optimizer: { kind: 'sgd', momentum: 0.9, nesterov: true }, learningRate: 0.05 } },
    { name: 'rmsprop, with max-norm', input: { optimizer: { kind: 'rmsprop' }, learningRate: 0.01, maxNorm: { limit: 0.5, measure: 'norm' } } },
  ];

  test.each(optimizers)('$name: deleted weights stay exactly 0, their slots are 0, the kept ones train', async ({ input }) => {
    const c = config({ epochs: 2, batchSize: 20, preprocessing: 'none', ...input });
    const model = buildModel(spiralsMlp(16), c.init, c.seed);
    const optimizer = createOptimizer(c.optimizer);
    // The optimizer has state from unmasked steps before the mask is set: fit must zero it.
    await fit({ model, config: { ...c, epochs: 1 }, train, task, callbacks: [], optimizer });
    const masks = maskModel(model);
    const before = kernels(model).map((weight) => Float32Array.from(weight.variable.dataSync()));
    await fit({ model, config: c, train, task, callbacks: [], optimizer });
    expect(deletedStayZero(model, masks)).toBe(true);
    const after = kernels(model).map((weight) => weight.variable.dataSync());
    expect(after[0].some((value, i) => masks[0][i] === 1 && value !== before[0][i])).toBe(true);
    const state = optimizer.saveState(model.weights.map((weight) => weight.variable));
    for (const [k, weight] of kernels(model).entries()) {
      const slots = state.slots[model.weights.indexOf(weight)];
      expect(slots.length).toBeGreaterThan(0);
      for (const slot of slots) {
        expect(Array.from(slot).every((value, i) => masks[k][i] === 1 || value === 0)).toBe(true);
        expect(Array.from(slot).some((value, i) => masks[k][i] === 1 && value !== 0)).toBe(true);
      }
    }
    optimizer.dispose();
    model.dispose();
  });

  test('checkpoints (within and between stages) and weights files carry the masks; a resumed fit keeps the deleted weights 0', async () => {
    const c = config({ epochs: 1, batchSize: 20, preprocessing: 'none', optimizer: { kind: 'adam' }, learningRate: 0.01 });
    const model = buildModel(spiralsMlp(16), c.init, c.seed);
    const masks = maskModel(model);
    const optimizer = createOptimizer(c.optimizer);
    await fit({ model, config: c, train, task, callbacks: [], optimizer });

    const file = serializeWeights(model, preprocessing);
    const h1 = decodeTensor(file.masks!.h1.kernel) as Float32Array;
    expect(Array.from(h1)).toEqual(Array.from(masks[0]));
    expect((decodeTensor(file.weights.h1.kernel) as Float32Array).filter((_, i) => masks[0][i] === 0).every((value) => value === 0)).toBe(true);

    const position = { epochsDone: 1, stepsDone: 20, stepsPerEpoch: 20, batchesDone: 0, lossSum: 0, correctSum: 0, seen: 0, lastEpochLoss: null };
    const within = join(dataDir, 'within.json');
    saveCheckpoint(within, { runId: 'r', model, optimizer, optimizerKind: 'adam', preprocessing, position });
    const between = join(dataDir, 'between.json');
    saveStageCheckpoint(between, { runId: 'r', model, preprocessing, stage: 2 });

    const restored = buildModel(spiralsMlp(16), c.init, c.seed);
    const restoredOptimizer = createOptimizer(c.optimizer);
    restoreCheckpoint(within, restored, restoredOptimizer, 'adam');
    expect(restored.masks.size).toBe(2);
    expect(kernels(restored).map((weight) => Array.from(restored.masks.values(weight)))).toEqual(masks.map((mask) => Array.from(mask)));
    await fit({ model: restored, config: { ...c, epochs: 2 }, train, task, callbacks: [], optimizer: restoredOptimizer, start: position });
    expect(deletedStayZero(restored, masks)).toBe(true);

    const staged = buildModel(spiralsMlp(16), c.init, c.seed);
    restoreStageCheckpoint(between, staged);
    expect(kernels(staged).map((weight) => Array.from(staged.masks.values(weight)))).toEqual(masks.map((mask) => Array.from(mask)));
    expect(Array.from(kernels(staged)[0].variable.dataSync())).toEqual(Array.from(kernels(model)[0].variable.dataSync()));
    for (const m of [model, restored, staged]) m.dispose();
    optimizer.dispose();
    restoredOptimizer.dispose();
  });
});

describe('an OBD run stopped between stages resumes with its masks', () => {
  const spec = {
    format: 1,
    name: 'mlp-784-24-10',
    nodes: [
      { id: 'input', kind: 'input', params: { shape: [28, 28, 1] } },
      { id: 'flatten', kind: 'flatten', params: {} },
      { id: 'fc1', kind: 'dense', params: { units: 24, activation: 'tanh' } },
      { id: 'fc2', kind: 'dense', params: { units: 10, activation: 'softmax' } },
    ],
    edges: [
      { from: 'input', to: 'flatten' },
      { from: 'flatten', to: 'fc1' },
      { from: 'fc1', to: 'fc2' },
    ],
  };
  const job = (runId: string, method: string, extra: Record<string, unknown> = {}) =>
    trainJobSchema.parse({
      dataDir,
      runId,
      spec,
      config: { epochs: 1, batchSize: 50, optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05, preprocessing: 'centre', validationSplit: 0, loss: 'softmax-cross-entropy' },
      dataset: { name: 'mnist', trainLimit: 600, testLimit: 300 },
      procedure: { kind: 'obd', params: { method, sparsities: [0.5, 0.8], retrainEpochs: 1, hessianExamples: 300, saliencySamples: 20, sensitivityLevels: [0.5] } },
      ...extra,
    });

  test('stopped after the first deletion, the resumed run retrains from the masked weights and ends as the uninterrupted one', async () => {
    const whole = await trainJob(job('obd-whole', 'obd'), { send: () => {} });
    expect(whole.status, whole.error).toBe('completed');

    const controller = new AbortController();
    // Stages: train 0, analyse 1, prune-1 2, retrain-1 3, prune-2 4, retrain-2 5, evaluate 6.
    const stopped = await trainJob(job('obd-first', 'obd'), {
      signal: controller.signal,
      send: (message) => {
        if (message.type === 'stage' && message.event === 'end' && message.index === 2) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    const checkpoint = join('artifacts', 'obd-first', 'checkpoint.json');
    const saved = JSON.parse(readFileSync(join(dataDir, checkpoint), 'utf8'));
    expect(saved.checkpoint.position.stage).toBe(3);
    const fc1 = decodeTensor(saved.masks.fc1.kernel) as Float32Array;
    expect(fc1.length).toBe(784 * 24);
    expect(fc1.some((value) => value === 0)).toBe(true);

    const second: FromTrainer[] = [];
    const resumed = await trainJob(job('obd-second', 'obd', { resume: { checkpoint } }), { send: (message) => second.push(message) });
    expect(resumed.status, resumed.error).toBe('completed');
    expect(resumed.result!.testLoss).toBe(whole.result!.testLoss);
    expect(second.filter((message) => message.type === 'stage' && message.event === 'begin' && message.index === 2)).toHaveLength(1);
    expect(existsSync(join(dataDir, checkpoint.replace('obd-first', 'obd-second')))).toBe(false);

    // The saved weights hold the final sparsity's zeros, and the masks that say so.
    const weights = JSON.parse(readFileSync(join(dataDir, 'artifacts', 'obd-second', 'weights.json'), 'utf8'));
    const values = ['fc1', 'fc2'].flatMap((id) => Array.from(decodeTensor(weights.weights[id].kernel) as Float32Array));
    const zeros = values.filter((value) => value === 0).length;
    expect(zeros).toBe(Math.round(0.8 * values.length));
    const curve = JSON.parse(readFileSync(join(dataDir, 'artifacts', 'obd-second', 'error-vs-sparsity.json'), 'utf8'));
    expect(curve.series[0].x.map((x: number) => Math.round(x * 100) / 100)).toEqual([0, 0.5, 0.8]);
  });
});
