import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainJob } from '../../../src-main/engine/train-job';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { chainSpec, useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-dbm-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A small DBM on 300 MNIST images: every stage runs in a second or two. */
const job = (runId: string, extra: Record<string, unknown> = {}) =>
  trainJobSchema.parse({
    dataDir,
    runId,
    spec: chainSpec([
      { id: 'in', kind: 'input', params: { shape: [28, 28, 1] } },
      { id: 'flat', kind: 'flatten' },
      { id: 'h1', kind: 'dense', params: { units: 16, activation: 'sigmoid' } },
      { id: 'h2', kind: 'dense', params: { units: 12, activation: 'sigmoid' } },
      { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
    ]),
    config: { optimizer: { kind: 'adam' }, learningRate: 0.003, batchSize: 50, epochs: 2, validationSplit: 0, preprocessing: 'scale' },
    dataset: { name: 'mnist', trainLimit: 300, testLimit: 100 },
    procedure: {
      kind: 'dbm',
      params: { rbmEpochs: 1, rbmBatchSize: 50, jointEpochs: 2, jointBatchSize: 50, epochAisRuns: 5, epochAisBetas: 50, finalAisRuns: 5, finalAisBetas: 100, boundRows: 100, topOnlyEpochs: 1 },
    },
    ...extra,
  });

describe('the DBM procedure runs its five stages and resumes at a stage’s start', () => {
  test('stopped after pretraining, it keeps the composed model and its visible biases; resumed, it skips both RBMs and ends as the uninterrupted run', async () => {
    const wholeMessages: FromTrainer[] = [];
    const whole = await trainJob(job('whole'), { send: (message) => wholeMessages.push(message) });
    expect(whole.status, whole.error).toBe('completed');
    const stageEnds = wholeMessages.flatMap((message) => (message.type === 'stage' && message.event === 'end' ? [`${message.name}:${message.status}`] : []));
    expect(stageEnds).toEqual(['rbm-1:completed', 'rbm-2:completed', 'joint:completed', 'bound:completed', 'finetune:completed']);
    // The per-epoch bound: epoch 0 (the composed model) and after each joint epoch, all stamped with the joint stage.
    const bounds = wholeMessages.flatMap((message) => (message.type === 'metrics' ? message.points.filter((point) => point.key === 'dbm/test_lower_bound_epoch') : []));
    expect(bounds.map((point) => [point.epoch, point.stage])).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    for (const point of bounds) expect(point.value).toBeLessThan(0);
    expect(wholeMessages.some((message) => message.type === 'artifact' && message.name === 'chain-samples.json')).toBe(true);
    expect(wholeMessages.some((message) => message.type === 'artifact' && message.name === 'bound.json')).toBe(true);
    expect(existsSync(join(dataDir, 'artifacts', 'whole', 'checkpoint.json'))).toBe(false);

    const controller = new AbortController();
    const stopped = await trainJob(job('first'), {
      signal: controller.signal,
      send: (message) => {
        if (message.type === 'stage' && message.event === 'end' && message.index === 1) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    const checkpoint = join('artifacts', 'first', 'checkpoint.json');
    expect(JSON.parse(readFileSync(join(dataDir, 'artifacts', 'first', 'checkpoint.position.json'), 'utf8')).position.stage).toBe(2);
    expect(JSON.parse(readFileSync(join(dataDir, 'artifacts', 'first', 'dbm-state.json'), 'utf8')).visibleBias).toHaveLength(784);

    const second: FromTrainer[] = [];
    const resumed = await trainJob(job('second', { resume: { checkpoint } }), { send: (message) => second.push(message) });
    expect(resumed.status, resumed.error).toBe('completed');
    expect(second.find((message) => message.type === 'resumed')).toMatchObject({ stage: 2 });
    // The RBMs were not trained again: their stages begin and end with no epoch progress between.
    expect(second.some((message) => message.type === 'progress' && message.stage?.index === 0 && message.step > 0)).toBe(false);
    expect(resumed.result!.testLoss).toBe(whole.result!.testLoss);
    expect(resumed.result!.testErrors).toBe(whole.result!.testErrors);
  });

  test('a resumed run whose parent left no visible biases says which file is missing', async () => {
    const controller = new AbortController();
    await trainJob(job('lost'), { signal: controller.signal, send: (message) => message.type === 'stage' && message.event === 'end' && message.index === 0 && controller.abort() });
    rmSync(join(dataDir, 'artifacts', 'lost', 'dbm-state.json'));
    const failed = await trainJob(job('after-lost', { resume: { checkpoint: join('artifacts', 'lost', 'checkpoint.json') } }), { send: () => {} });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/dbm-state\.json.*missing; train the run again from the start/);
  });
});
