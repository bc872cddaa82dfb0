import { afterAll, describe, expect, it } from 'vitest';
import type { StartRunParams } from '../../src-shared/api/contract';
import { METRIC } from '../../src-shared/api/metrics';
import { createApiService } from '../../src-main/services/api-service';
import { finished, rejection } from './api-helpers';
import { spiralsSpec, tempDir } from './cli-helpers';

const api = createApiService({ dataDir: tempDir('layerlab-resume-api-'), maxParallel: 1 });
afterAll(() => api.close());

// 1800 training examples in batches of 20: 90 steps per epoch.
const request: StartRunParams = {
  spec: spiralsSpec(),
  config: { epochs: 20, batchSize: 20, seed: 11, optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05, preprocessing: 'none' },
  dataset: { name: 'spirals' },
};

describe('runs.resume over a real store and trainers', { timeout: 300_000 }, () => {
  it('a run stopped mid-epoch resumes from where it stopped and ends as the uninterrupted run', async () => {
    const whole = await api.handle('runs.start', request);
    expect(await finished(api, whole.runId)).toBe('completed');

    const part = await api.handle('runs.start', request);
    const stopAfterFirstEpoch = api.subscribe((event) => {
      if (event.type === 'run.metrics' && event.runId === part.runId && event.points.some((p) => p.key === METRIC.trainLoss)) {
        stopAfterFirstEpoch();
        void api.handle('runs.stop', { runId: part.runId });
      }
    });
    expect(await finished(api, part.runId)).toBe('stopped');
    const stopped = await api.handle('runs.get', { runId: part.runId });
    const checkpoint = stopped.artifacts.find((a) => a.kind === 'checkpoint')!;
    expect(checkpoint.step).toBeGreaterThan(90);
    expect(checkpoint.step).toBeLessThan(1800);
    expect(checkpoint.epoch).toBe(checkpoint.step! / 90);

    const resumed = await api.handle('runs.resume', { runId: part.runId });
    expect(await finished(api, resumed.runId)).toBe('completed');
    const [reference, result] = await Promise.all([whole.runId, resumed.runId].map((runId) => api.handle('runs.get', { runId })));
    expect(result.run).toMatchObject({ parentRunId: part.runId, resumedFrom: { runId: part.runId, step: checkpoint.step }, epochsDone: 20, name: 'spirals mlp · spirals · seed 11 (resumed)' });
    expect(result.run.finalLoss).toBe(reference.run.finalLoss);
    expect(result.run.testErrors).toBe(reference.run.testErrors);
    const [referenceMetrics, resumedMetrics] = await Promise.all([whole.runId, resumed.runId].map((runId) => api.handle('runs.metrics', { runId, keys: [METRIC.trainLoss] })));
    expect(resumedMetrics).toEqual({
      [METRIC.trainLoss]: referenceMetrics[METRIC.trainLoss].map((p, i) => ({ ...p, wallMs: resumedMetrics[METRIC.trainLoss][i].wallMs })),
    });
    expect(await api.handle('runs.weights', { runId: resumed.runId })).toEqual(await api.handle('runs.weights', { runId: whole.runId }));
  });

  it('refuses what cannot be resumed: an unknown run, a completed one, a missing run id', async () => {
    expect((await rejection(api.handle('runs.resume', { runId: 'no-such-run' }))).code).toBe('not-found');
    const [done] = await api.handle('runs.list', { status: 'completed', limit: 1 });
    const completed = await rejection(api.handle('runs.resume', { runId: done.id }));
    expect(completed.code).toBe('conflict');
    expect(completed.message).toBe(`run "${done.id}" is completed; only a crashed or stopped run can be resumed`);
    const missing = await rejection(api.handle('runs.resume', {} as { runId: string }));
    expect(missing).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^runs\.resume params\.runId: /) });
  });
});
