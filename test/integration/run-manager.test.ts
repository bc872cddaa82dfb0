import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src-shared/api/contract';
import { ApiError } from '../../src-main/services/api-service-types';
import { RunManager } from '../../src-main/services/run-manager';
import { createNodeTrainerHost } from '../../src-main/services/trainer-host-node';
import { RunStore } from '../../src-main/store';
import { spiralsSpec, tempDir } from './cli-helpers';
import { openRunStore } from '../../src-main/services/open-store';

const open: { manager: RunManager; store: RunStore }[] = [];

function setup(maxParallel: number, env?: NodeJS.ProcessEnv) {
  const store = openRunStore(tempDir('layerlab-manager-'));
  const manager = new RunManager({ store, trainerHostFactory: () => createNodeTrainerHost({ env }), maxParallel, metricsFlushMs: 50 });
  const events: ApiEvent[] = [];
  manager.subscribe((event) => events.push(event));
  open.push({ manager, store });
  return { store, manager, events };
}

afterEach(async () => {
  for (const { manager, store } of open.splice(0)) {
    await manager.close();
    store.close();
  }
});

const request = (seed: number, epochs = 2) => ({
  spec: spiralsSpec(),
  config: { epochs, seed, learningRate: 0.1 },
  dataset: { name: 'spirals' },
});

/** Most runs 'running' at the same time, from the status events. */
function peakRunning(events: ApiEvent[]): number {
  const running = new Set<string>();
  let peak = 0;
  for (const event of events) {
    if (event.type !== 'run.status') continue;
    if (event.status === 'running') running.add(event.runId);
    else running.delete(event.runId);
    peak = Math.max(peak, running.size);
  }
  return peak;
}

describe('RunManager with real trainer processes', { timeout: 300_000 }, () => {
  it('runs a queue with at most maxParallel trainers at once', async () => {
    const { manager, store, events } = setup(2);
    const ids = [1, 2, 3].map((seed) => manager.start(request(seed, 1)).runId);
    expect(manager.runningCount).toBe(2);
    expect(manager.queuedCount).toBe(1);
    expect(store.getSummary(ids[2])!.status).toBe('queued');
    const finished = await Promise.all(ids.map((id) => manager.waitForRun(id)));
    expect(finished.map((run) => run.status)).toEqual(['completed', 'completed', 'completed']);
    expect(peakRunning(events)).toBe(2);
    for (const id of ids) {
      expect(store.countMetrics(id)).toBeGreaterThan(0);
      expect(store.getRun(id)!.artifacts.map((a) => a.kind)).toContain('weights');
    }
    expect(events.some((event) => event.type === 'run.started')).toBe(true);
    expect(events.some((event) => event.type === 'run.progress')).toBe(true);
  });

  it('gives a lone trainer every core (at most 4) and trainers side by side an even share', async () => {
    const cores = availableParallelism();
    const { manager, store } = setup(2, { ...process.env, LAYERLAB_NATIVE: '0', LAYERLAB_THREADS: '' });
    const alone = manager.start(request(1, 1)).runId;
    await manager.waitForRun(alone);
    expect(store.getRun(alone)!.run.backendInfo).toMatchObject({ name: 'wasm', native: false, threads: Math.min(cores, 4) });
    const pair = [2, 3].map((seed) => manager.start(request(seed, 1)).runId);
    await Promise.all(pair.map((id) => manager.waitForRun(id)));
    for (const id of pair) {
      expect(store.getRun(id)!.run.backendInfo!.threads).toBe(Math.min(4, Math.max(1, Math.floor(cores / 2))));
    }
  });

  it('with the native addon too: a lone trainer runs its BLAS and convolution threads on every core, two side by side split them, and each run records the CPU and the kernel set', async () => {
    const cores = availableParallelism();
    const { manager, store } = setup(2, { ...process.env, LAYERLAB_NATIVE: '', LAYERLAB_THREADS: '' });
    const alone = manager.start(request(1, 1)).runId;
    await manager.waitForRun(alone);
    const info = store.getRun(alone)!.run.backendInfo!;
    if (!info.native && process.env.LAYERLAB_REQUIRE_NATIVE !== '1') return; // the addon is not built here
    expect(info).toMatchObject({ name: 'wasm', native: true, threads: cores });
    expect(info.cpu).toContain(`${cores} core`);
    expect(['avx512', 'avx2', 'generic']).toContain(info.isa);
    const pair = [2, 3].map((seed) => manager.start(request(seed, 1)).runId);
    await Promise.all(pair.map((id) => manager.waitForRun(id)));
    for (const id of pair) expect(store.getRun(id)!.run.backendInfo).toMatchObject({ native: true, threads: Math.max(1, Math.floor(cores / 2)) });
  });

  it('one at a time when maxParallel is 1', async () => {
    const { manager, events } = setup(1);
    const ids = [1, 2].map((seed) => manager.start(request(seed, 1)).runId);
    await Promise.all(ids.map((id) => manager.waitForRun(id)));
    expect(peakRunning(events)).toBe(1);
  });

  it('stops a running run after its current batch and a queued run before it starts', async () => {
    const { manager, store } = setup(1);
    const running = manager.start(request(1, 5000)).runId;
    const queued = manager.start(request(2)).runId;
    manager.stop(queued);
    expect((await manager.waitForRun(queued)).status).toBe('stopped');
    await waitUntil(() => store.countMetrics(running) > 0);
    manager.stop(running);
    const stopped = await manager.waitForRun(running);
    expect(stopped.status).toBe('stopped');
    expect(stopped.epochsDone).toBeLessThan(5000);
    expect(store.countMetrics(queued)).toBe(0);
  });

  it('marks a run whose trainer is killed as crashed, with every metric it had sent', async () => {
    const { manager, store, events } = setup(1);
    const runId = manager.start(request(1, 5000)).runId;
    await waitUntil(() => events.filter((event) => event.type === 'run.metrics').length >= 2);
    process.kill(manager.trainerPid(runId)!, 'SIGKILL');
    const crashed = await manager.waitForRun(runId);
    expect(crashed.status).toBe('crashed');
    const sent = events.flatMap((event) => (event.type === 'run.metrics' && event.runId === runId ? event.points : []));
    expect(store.countMetrics(runId)).toBe(sent.length);
    expect(crashed.error).toBe(`the trainer process was killed (SIGKILL) during epoch ${crashedEpoch(events)}; ${sent.length} metric points were saved`);
  });

  it('refuses a bad request before queueing anything', () => {
    const { manager, store } = setup(1);
    const spec = spiralsSpec();
    spec.nodes[1] = { id: 'h1', kind: 'dense', params: { units: 0 } };
    expect(() => manager.start({ ...request(1), spec })).toThrow(ApiError);
    expect(() => manager.start({ ...request(1), spec })).toThrow(/node "h1"/);
    expect(store.listRuns()).toEqual([]);
  });
});

function crashedEpoch(events: ApiEvent[]): number {
  const last = events.filter((event): event is Extract<ApiEvent, { type: 'run.progress' }> => event.type === 'run.progress').at(-1);
  return last ? last.progress.epoch + 1 : 0;
}

async function waitUntil(condition: () => boolean, timeoutMs = 180_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
