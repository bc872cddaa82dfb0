import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainJob } from '../../../src-main/engine/train-job';
import { trainJobSchema, type FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { useTrainerBackend } from './helpers';

beforeAll(useTrainerBackend);
const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-stage-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const template = JSON.parse(readFileSync(join('resources', 'templates', 'pca-30-mnist.json'), 'utf8'));
const job = (runId: string, extra: Record<string, unknown> = {}) =>
  trainJobSchema.parse({
    dataDir,
    runId,
    spec: template.spec,
    config: template.config,
    dataset: { name: 'mnist', trainLimit: 2000, testLimit: 500 },
    procedure: { kind: 'pca', params: { reconstructionImages: 4, scatterPoints: 100 } },
    ...extra,
  });

describe('a multi-stage run resumes at the stage after its last finished one', () => {
  test('PCA stopped after its solve keeps a stage checkpoint; resumed from it, it skips the solve and ends as the uninterrupted run', async () => {
    const whole = await trainJob(job('whole'), { send: () => {} });
    expect(whole.status).toBe('completed');

    const controller = new AbortController();
    const first: FromTrainer[] = [];
    const stopped = await trainJob(job('first'), {
      signal: controller.signal,
      send: (message) => {
        first.push(message);
        if (message.type === 'stage' && message.event === 'end' && message.index === 0) controller.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    const checkpoint = join('artifacts', 'first', 'checkpoint.json');
    expect(existsSync(join(dataDir, checkpoint))).toBe(true);
    const position = JSON.parse(readFileSync(join(dataDir, 'artifacts', 'first', 'checkpoint.position.json'), 'utf8')).position;
    expect(position.stage).toBe(1);

    const second: FromTrainer[] = [];
    const resumed = await trainJob(job('second', { resume: { checkpoint } }), { send: (message) => second.push(message) });
    expect(resumed.status).toBe('completed');
    expect(resumed.result!.testLoss).toBe(whole.result!.testLoss);
    expect(resumed.result!.finalLoss).toBe(whole.result!.finalLoss);
    expect(second.find((message) => message.type === 'resumed')).toMatchObject({ stage: 1, step: 0 });
    // The solve was not run again: stage 0 begins and ends with no progress in between (the solve reports
    // its chunks), and the curve only the solve can draw is not written again.
    const solveProgress = (messages: FromTrainer[]) =>
      messages.flatMap((message) => (message.type === 'progress' && message.stage?.index === 0 ? [message.step] : []));
    expect(solveProgress(first).some((step) => step > 0 && step < 1000)).toBe(true);
    expect(solveProgress(second)).toEqual([0, 1000]);
    expect(second.filter((message) => message.type === 'stage' && message.index === 0)).toMatchObject([{ event: 'begin' }, { event: 'end', status: 'completed' }]);
    expect(second.some((message) => message.type === 'artifact' && message.name === 'error-by-components.json')).toBe(false);
    expect(second.some((message) => message.type === 'artifact' && message.name === 'reconstructions.json')).toBe(true);
    // Completed: the checkpoint is gone.
    expect(existsSync(join(dataDir, 'artifacts', 'second', 'checkpoint.json'))).toBe(false);
  });

  test('a backprop checkpoint (taken within a stage) is refused by a procedure that resumes only between stages', async () => {
    const controller = new AbortController();
    await trainJob(
      trainJobSchema.parse({
        dataDir,
        runId: 'bp',
        spec: { format: 1, name: 's', nodes: [{ id: 'in', kind: 'input', params: { shape: [2] } }, { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } }], edges: [{ from: 'in', to: 'out' }] },
        config: { epochs: 3 },
        dataset: { name: 'spirals' },
      }),
      { signal: controller.signal, send: (message) => message.type === 'metrics' && message.points.some((p) => p.key === 'epoch/train_loss') && controller.abort() },
    );
    const refused = await trainJob(job('refuses', { resume: { checkpoint: join('artifacts', 'bp', 'checkpoint.json') } }), { send: () => {} });
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/checkpoint\.json was taken within a stage, not between stages/);
  });
});
