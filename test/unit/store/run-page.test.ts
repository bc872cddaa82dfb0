import { describe, expect, it } from 'vitest';
import { openRunStore } from '../../../src-main/services/open-store';
import { PACK_MIN_POINTS } from '../../../src-main/store/curve-store';
import type { RunStore } from '../../../src-main/store';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { newRun, tempDataDir } from './fixtures';

function finished(store: RunStore, name: string, options: { tags?: string[]; testErrorRate?: number; wallMs?: number; status?: 'completed' | 'failed' } = {}) {
  const run = store.createRun(newRun({ name, tags: options.tags }));
  store.markRunning(run.id, null);
  store.finishRun(run.id, options.status ?? 'completed', {
    result: { epochs: 3, finalLoss: 0.1, testLoss: 0.1, testCount: 100, testErrorRate: options.testErrorRate, wallMs: options.wallMs ?? 10 },
  });
  return run.id;
}

const names = (store: RunStore, query: Parameters<RunStore['pageRuns']>[0]) => store.pageRuns(query).runs.map((run) => run.name);

describe('RunStore.pageRuns: the runs table pages, sorts and filters in SQL', () => {
  it('pages newest first with the total, and sorts by any column both ways with missing values last', () => {
    const store = openRunStore(tempDataDir());
    // Ties (and runs without the value, always last) go newest first.
    finished(store, 'bravo', { tags: ['z-last'], testErrorRate: 0.2, wallMs: 30 });
    finished(store, 'Alpha', { testErrorRate: 0.1, wallMs: 10 });
    finished(store, 'charlie', { tags: ['a-first'], wallMs: 20 });
    store.createRun(newRun({ name: 'delta' })); // queued: no test error, no duration

    expect(names(store, {})).toEqual(['delta', 'charlie', 'Alpha', 'bravo']);
    expect(store.pageRuns({ limit: 2 })).toMatchObject({ total: 4, all: 4, offset: 0 });
    expect(names(store, { limit: 2, offset: 2 })).toEqual(['Alpha', 'bravo']);
    expect(names(store, { sort: 'name' })).toEqual(['Alpha', 'bravo', 'charlie', 'delta']);
    expect(names(store, { sort: 'name', order: 'desc' })).toEqual(['delta', 'charlie', 'bravo', 'Alpha']);
    expect(names(store, { sort: 'testError' })).toEqual(['Alpha', 'bravo', 'delta', 'charlie']);
    expect(names(store, { sort: 'testError', order: 'desc' })).toEqual(['bravo', 'Alpha', 'delta', 'charlie']);
    expect(names(store, { sort: 'duration', order: 'desc' })).toEqual(['bravo', 'charlie', 'Alpha', 'delta']);
    expect(names(store, { sort: 'tags' })).toEqual(['charlie', 'bravo', 'delta', 'Alpha']);
    expect(names(store, { sort: 'status' })).toEqual(['charlie', 'Alpha', 'bravo', 'delta']);
    store.close();
  });

  it('filters by search (tags too) and status, counting the matches and the whole history', () => {
    const store = openRunStore(tempDataDir());
    finished(store, 'one', { tags: ['baseline'] });
    finished(store, 'two', { status: 'failed' });
    finished(store, 'three');
    const page = store.pageRuns({ search: 'baseline' });
    expect(page.runs.map((run) => [run.name, run.tags])).toEqual([['one', ['baseline']]]);
    expect(page).toMatchObject({ total: 1, all: 3 });
    expect(names(store, { status: 'failed' })).toEqual(['two']);
    expect(names(store, { search: '100%_' })).toEqual([]);
    // The summaries are the same as the one-run read, without the network and settings JSON being read.
    expect(store.pageRuns({}).runs.find((run) => run.name === 'one')).toEqual(store.getSummary(page.runs[0].id));
    store.close();
  });
});

describe('RunStore.deleteRuns', () => {
  it('deletes the finished runs asked for and never a queued or running one', () => {
    const store = openRunStore(tempDataDir());
    const done = finished(store, 'done');
    const queued = store.createRun(newRun({ name: 'queued' })).id;
    const running = store.createRun(newRun({ name: 'running' })).id;
    store.markRunning(running, null);
    const result = store.deleteRuns([done, queued, running, 'no-such-run']);
    expect(result).toEqual({ deleted: [done], kept: [{ runId: queued, status: 'queued' }, { runId: running, status: 'running' }], missing: ['no-such-run'] });
    expect(names(store, { sort: 'name' })).toEqual(['queued', 'running']);
    store.close();
  });
});

const loss = (step: number, spikeAt = -1): MetricPoint => ({ key: 'train/loss', step, epoch: step / 100, wallMs: step, value: step === spikeAt ? 99 : 1 / (1 + step) });

describe('CurveStore: curves as typed columns, min–max downsampled, full resolution when zoomed', () => {
  it('packs a long curve at the run end; a spike survives downsampling at any width; a zoomed range comes in full', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(newRun());
    store.markRunning(run.id, null);
    const n = PACK_MIN_POINTS * 4;
    store.appendMetrics(run.id, Array.from({ length: n }, (_, step) => loss(step, 12_345)));
    store.appendMetrics(run.id, [{ key: 'epoch/val_loss', step: 99, epoch: 1, wallMs: 1, value: Number.NaN }]);
    store.finishRun(run.id, 'completed', { result: { epochs: 1, finalLoss: 0, testLoss: 0, testCount: 1, wallMs: 1 } });

    const full = store.curves.curves({ runId: run.id, keys: ['train/loss'] })['train/loss'];
    expect(full.step).toBeInstanceOf(Float64Array);
    expect([full.step.length, full.stored, full.downsampled]).toEqual([n, n, false]);
    expect(full.value[7]).toBe(1 / 8);
    for (const width of [37, 300, 1600]) {
      const small = store.curves.curves({ runId: run.id, keys: ['train/loss'], width })['train/loss'];
      expect(small.downsampled).toBe(true);
      expect(small.step.length).toBeLessThanOrEqual(2 * width + 2);
      expect(Math.max(...small.value)).toBe(99);
      expect(small.step[small.value.indexOf(99)]).toBe(12_345);
      expect([small.step[0], small.step[small.step.length - 1]]).toEqual([0, n - 1]);
      expect([...small.step].every((step, i) => i === 0 || step > small.step[i - 1])).toBe(true);
    }
    const zoomed = store.curves.curves({ runId: run.id, keys: ['train/loss'], fromStep: 12_000, toStep: 12_500, width: 1600 })['train/loss'];
    expect(zoomed.downsampled).toBe(false);
    expect([zoomed.step[0], zoomed.step[zoomed.step.length - 1], zoomed.step.length]).toEqual([11_999, 12_501, 503]);
    // Every key when none is asked for; NaN stays NaN.
    const all = store.curves.curves({ runId: run.id });
    expect(Object.keys(all).sort()).toEqual(['epoch/val_loss', 'train/loss']);
    expect(Number.isNaN(all['epoch/val_loss'].value[0])).toBe(true);
    store.close();
  });

  it('drops a packed copy when points are added, so the curve read is never stale', () => {
    const store = openRunStore(tempDataDir());
    const run = store.createRun(newRun());
    store.markRunning(run.id, null);
    store.appendMetrics(run.id, Array.from({ length: PACK_MIN_POINTS }, (_, step) => loss(step)));
    store.markCrashed(run.id, 'killed');
    const source = store.createRun(newRun());
    store.markRunning(source.id, null);
    store.appendMetrics(run.id, [loss(PACK_MIN_POINTS)]);
    const curve = store.curves.curves({ runId: run.id, keys: ['train/loss'] })['train/loss'];
    expect(curve.step.length).toBe(PACK_MIN_POINTS + 1);
    expect(store.deleteRuns([run.id]).deleted).toEqual([run.id]);
    expect(store.curves.curves({ runId: run.id })).toEqual({});
    store.close();
  });
});
