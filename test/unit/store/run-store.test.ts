import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTERRUPTED_RUN_ERROR } from '../../../src-main/store';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import { newRun, tempDataDir } from './fixtures';
import { openRunStore } from '../../../src-main/services/open-store';

const backend = { name: 'wasm' as const, native: false, threads: 2, tfjsVersion: '4.22.0' };
const dataset = {
  name: 'spirals',
  fingerprint: 'sha256:abc',
  task: 'classification' as const,
  inputShape: [2],
  classes: 2,
  trainSize: 900,
  valSize: 100,
  testSize: 200,
};

function points(n: number, key = 'train/loss', from = 0): MetricPoint[] {
  return Array.from({ length: n }, (_, i) => ({ key, step: from + i, epoch: 0, wallMs: 10 * (from + i), value: 1 / (from + i + 1) }));
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('RunStore', () => {
  it('create a queued run, then start, record metrics and finish it', () => {
    const store = openRunStore(tempDataDir());
    const created = store.createRun(newRun({ tags: ['baseline', 'baseline', ' '] }));
    expect(created).toMatchObject({ status: 'queued', dataset: 'spirals', seed: 7, epochs: 3, epochsDone: 0, tags: ['baseline'] });
    // The task is the loaded data's, so unknown until the trainer has started; the loss is the config's.
    expect(created).toMatchObject({ task: null, loss: 'softmax-cross-entropy' });

    store.markRunning(created.id, 4242);
    store.markStarted(created.id, backend, dataset);
    expect(store.listRuns({})[0].task).toBe('classification');
    store.appendMetrics(created.id, points(5));
    store.finishRun(created.id, 'completed', {
      result: { epochs: 3, finalLoss: 0.2, testLoss: 0.25, testErrors: 12, testErrorRate: 0.06, testCount: 200, wallMs: 1234 },
    });

    const detail = store.getRun(created.id)!;
    expect(detail.run).toMatchObject({
      status: 'completed',
      backend: 'wasm',
      datasetFingerprint: 'sha256:abc',
      testErrors: 12,
      testErrorRate: 0.06,
      finalLoss: 0.2,
      wallMs: 1234,
      epochsDone: 3,
      error: null,
    });
    expect(detail.run.backendInfo).toEqual(backend);
    expect(detail.run.datasetInfo).toEqual(dataset);
    expect(detail.spec.name).toBe('tiny');
    expect(detail.config.seed).toBe(7);
    expect(detail.params).toEqual({ 'config.learningRate': '0.05', 'config.seed': '7' });
    expect(detail.run.startedAt).not.toBeNull();
    expect(detail.run.endedAt).not.toBeNull();
    store.close();
  });

  it('a regression run is listed with its task and loss, for charts that plot RMSE instead of accuracy', () => {
    const store = openRunStore(tempDataDir());
    const { id } = store.createRun(newRun({ config: parseTrainConfig({ loss: 'mse' }) }));
    store.markStarted(id, backend, { ...dataset, task: 'regression', classes: 0 });
    expect(store.listRuns({})[0]).toMatchObject({ id, task: 'regression', loss: 'mse' });
    store.close();
  });

  it('write a batch of metrics in one transaction: all or nothing, with latest_metrics at the highest step', () => {
    const store = openRunStore(tempDataDir());
    const { id } = store.createRun(newRun());
    store.appendMetrics(id, [...points(3, 'train/loss', 10), ...points(2, 'train/acc')]);
    store.appendMetrics(id, points(2, 'train/loss', 0)); // late, lower steps: must not replace the latest
    expect(store.getLatestMetrics(id)['train/loss']).toEqual({ step: 12, value: 1 / 13 });

    const bad = [...points(3, 'train/loss', 20), { key: null as unknown as string, step: 23, epoch: 0, wallMs: 0, value: 1 }];
    expect(() => store.appendMetrics(id, bad)).toThrow(/NOT NULL/);
    expect(store.countMetrics(id)).toBe(7);
    expect(store.getLatestMetrics(id)['train/loss'].step).toBe(12);

    const series = store.getMetrics(id);
    expect(series['train/loss'].map((p) => p.step)).toEqual([0, 1, 10, 11, 12]);
    expect(Object.keys(store.getMetrics(id, ['train/acc']))).toEqual(['train/acc']);
  });

  it('keep a NaN loss as NaN (stored as NULL), so a diverged curve reads back', () => {
    const store = openRunStore(tempDataDir());
    const { id } = store.createRun(newRun());
    store.appendMetrics(id, [{ key: 'train/loss', step: 0, epoch: 0, wallMs: 1, value: Number.NaN }]);
    expect(store.getMetrics(id)['train/loss'][0].value).toBeNaN();
  });

  it('append 10,000 points in one call quickly (one transaction)', () => {
    const store = openRunStore(tempDataDir());
    const { id } = store.createRun(newRun());
    const started = performance.now();
    store.appendMetrics(id, points(10_000));
    const elapsed = performance.now() - started;
    expect(store.countMetrics(id)).toBe(10_000);
    expect(elapsed).toBeLessThan(2000);
  });

  it('list newest first, filter by status and search name, tag, note and id prefix', () => {
    const store = openRunStore(tempDataDir());
    const a = store.createRun(newRun({ name: 'mlp baseline' }));
    const b = store.createRun(newRun({ name: 'mlp dropout', tags: ['dropout'] }));
    const c = store.createRun(newRun({ name: 'cnn', note: 'try 50% hidden' }));
    store.finishRun(b.id, 'stopped');
    expect(store.listRuns().map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(store.listRuns({ status: 'stopped' }).map((r) => r.id)).toEqual([b.id]);
    expect(store.listRuns({ search: 'mlp' }).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(store.listRuns({ search: 'dropout' }).map((r) => r.id)).toEqual([b.id]);
    expect(store.listRuns({ search: '50%' }).map((r) => r.id)).toEqual([c.id]);
    expect(store.listRuns({ search: '%' }).map((r) => r.id)).toEqual([c.id]);
    expect(store.listRuns({ search: a.id.slice(0, 8) }).map((r) => r.id)).toEqual([a.id]);
    expect(store.listRuns({ limit: 1 })).toHaveLength(1);
  });

  it('rename, tag and annotate a run', () => {
    const store = openRunStore(tempDataDir());
    const { id } = store.createRun(newRun({ tags: ['old'] }));
    const updated = store.updateRun(id, { name: 'renamed', tags: ['b', 'a'], note: 'seed 7 looks off' });
    expect(updated).toMatchObject({ name: 'renamed', tags: ['a', 'b'], note: 'seed 7 looks off' });
    expect(() => store.updateRun('nope', { name: 'x' })).toThrow(/no run with id "nope"/);
  });

  it('delete a run with its rows and its artifact files', () => {
    const dir = tempDataDir();
    const store = openRunStore(dir);
    const { id } = store.createRun(newRun());
    const other = store.createRun(newRun());
    store.appendMetrics(id, points(3));
    mkdirSync(store.artifactDir(id), { recursive: true });
    const weights = join('artifacts', id, 'weights.json');
    writeFileSync(join(dir, weights), '{}');
    store.recordArtifact(id, { kind: 'weights', name: 'final weights', path: weights, bytes: 2 });
    expect(store.getRun(id)!.artifacts).toMatchObject([{ kind: 'weights', path: weights, bytes: 2 }]);

    expect(store.deleteRun(id)).toBe(true);
    expect(existsSync(join(dir, weights))).toBe(false);
    expect(existsSync(store.artifactDir(id))).toBe(false);
    expect(store.getRun(id)).toBeUndefined();
    expect(store.countMetrics(id)).toBe(0);
    expect(store.getRun(other.id)).toBeDefined();
    expect(store.deleteRun(id)).toBe(false);
  });

  it('on open, mark runs of a dead process crashed, keeping their metrics, and leave live owners alone', () => {
    const dir = tempDataDir();
    const dead = openRunStore(dir, { ownerPid: deadPid() });
    const running = dead.createRun(newRun());
    dead.markRunning(running.id, null);
    dead.appendMetrics(running.id, points(4));
    const queued = dead.createRun(newRun());
    const finished = dead.createRun(newRun());
    dead.finishRun(finished.id, 'completed');
    const alive = openRunStore(dir, { ownerPid: process.pid });
    const mine = alive.createRun(newRun());
    dead.close();
    alive.close();

    const reopened = openRunStore(dir);
    expect(reopened.getSummary(running.id)).toMatchObject({ status: 'crashed', error: INTERRUPTED_RUN_ERROR });
    expect(reopened.getSummary(queued.id)!.status).toBe('crashed');
    expect(reopened.getSummary(finished.id)!.status).toBe('completed');
    expect(reopened.getSummary(mine.id)!.status).toBe('queued');
    expect(reopened.countMetrics(running.id)).toBe(4);
  });

  it('on open, mark a running run crashed when its heartbeat stopped, even if its owner pid is alive again', () => {
    const dir = tempDataDir();
    const store = openRunStore(dir, { ownerPid: process.pid });
    const silent = store.createRun(newRun());
    store.markRunning(silent.id, null);
    store.heartbeat(silent.id, new Date(Date.now() - 10 * 60_000));
    const beating = store.createRun(newRun());
    store.markRunning(beating.id, null);
    store.close();

    const reopened = openRunStore(dir);
    expect(reopened.getSummary(silent.id)).toMatchObject({ status: 'crashed', error: INTERRUPTED_RUN_ERROR });
    expect(reopened.getSummary(beating.id)!.status).toBe('running');
  });

  it('keep experiments: create, get, list; their runs list by experiment', () => {
    const store = openRunStore(tempDataDir());
    const study = store.experiments.create({ name: 'dropout study', kind: 'study', config: { seeds: [1, 2, 3] } });
    const run = store.createRun(newRun({ experimentId: study.id }));
    expect(store.listRuns({ experimentId: study.id }).map((r) => r.id)).toEqual([run.id]);
    expect(store.experiments.get(study.id)).toMatchObject({ name: 'dropout study', kind: 'study', config: { seeds: [1, 2, 3] } });
    expect(store.experiments.list().map((e) => e.name)).toEqual(['dropout study']);
    expect(store.getSummary(run.id)!.experimentId).toBe(study.id);
  });
});
