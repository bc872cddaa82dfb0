import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src-shared/network/types';
import { createApiService } from '../../src-main/services/api-service';
import { finished, rejection } from './api-helpers';
import { tempDir } from './cli-helpers';

const dataDir = tempDir('layerlab-api-');
const api = createApiService({ dataDir, maxParallel: 2 });
afterAll(() => api.close());

const mlp: ModelSpec = {
  format: 1,
  name: 'small mlp',
  nodes: [
    { id: 'in', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'flat', kind: 'flatten', params: {} },
    { id: 'h1', kind: 'dense', params: { units: 16, activation: 'relu' } },
    { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
  ],
  edges: [
    { from: 'in', to: 'flat' },
    { from: 'flat', to: 'h1' },
    { from: 'h1', to: 'out' },
  ],
};

describe('the API service over a real store and trainers', { timeout: 300_000 }, () => {
  it('describes the system, the templates and the datasets', async () => {
    const info = await api.handle('system.info', {});
    expect(info).toMatchObject({ dataDir, maxParallelRuns: 2, backend: null });
    const templates = await api.handle('templates.list', {});
    expect(templates.map((t) => t.id)).toContain('mlp-dropout-784-800-800-10');
    const datasets = await api.handle('datasets.list', {});
    expect(datasets.find((d) => d.name === 'mnist')).toMatchObject({ builtIn: true, inputShape: [28, 28, 1], classes: 10, testSize: 10000 });
    expect(datasets.find((d) => d.name === 'spirals')).toMatchObject({ inputShape: [2], classes: 2 });
  });

  it('trains two runs, then compares their settings, curves and first-layer weights', async () => {
    const start = (learningRate: number) =>
      api.handle('runs.start', { spec: mlp, config: { epochs: 1, learningRate, seed: 4 }, dataset: { name: 'mnist', trainLimit: 1000, testLimit: 500 } });
    const [a, b] = await Promise.all([start(0.05), start(0.2)]);
    expect(await Promise.all([finished(api, a.runId), finished(api, b.runId)])).toEqual(['completed', 'completed']);

    const detail = await api.handle('runs.get', { runId: a.runId });
    expect(detail.run).toMatchObject({ status: 'completed', dataset: 'mnist', epochsDone: 1 });
    expect(detail.params['node.h1.units']).toBe('16');
    expect((await api.handle('system.info', {})).backend).not.toBeNull();

    const weights = (await api.handle('runs.weights', { runId: a.runId }))!;
    expect(weights).toMatchObject({ nodeId: 'h1', units: 16, rows: 28, cols: 28 });
    expect(weights.values).toHaveLength(16 * 28 * 28);
    expect(new Set(weights.values.slice(0, 784)).size).toBeGreaterThan(100);

    const comparison = await api.handle('runs.compare', { runIds: [a.runId, b.runId] });
    expect(comparison.differingSettings).toEqual([{ path: 'config.learningRate', values: ['0.05', '0.2'] }]);
    expect(comparison.metrics[b.runId]['train/loss'].length).toBeGreaterThan(0);
    expect(comparison.weights[b.runId]?.units).toBe(16);

    const renamed = await api.handle('runs.update', { runId: b.runId, name: 'fast lr', tags: ['lr'] });
    expect(renamed).toMatchObject({ name: 'fast lr', tags: ['lr'] });
    expect((await api.handle('runs.list', { search: 'fast' })).map((r) => r.id)).toEqual([b.runId]);

    const artifactDir = join(dataDir, 'artifacts', b.runId);
    expect(existsSync(artifactDir)).toBe(true);
    await api.handle('runs.delete', { runId: b.runId });
    expect(existsSync(artifactDir)).toBe(false);
    expect((await rejection(api.handle('runs.get', { runId: b.runId }))).code).toBe('not-found');
  });

  it('answers bad params and bad runs with bad-request errors naming the field or node', async () => {
    const missing = await rejection(api.handle('runs.get', {}));
    expect(missing.code).toBe('bad-request');
    expect(missing.message).toMatch(/runs\.get params\.runId/);

    const spec = structuredClone(mlp);
    spec.edges.push({ from: 'out', to: 'h1' });
    const cyclic = await rejection(api.handle('runs.start', { spec, config: {}, dataset: { name: 'mnist' } }));
    expect(cyclic.code).toBe('bad-request');
    expect(cyclic.message).toMatch(/node "(h1|out)"/);
    expect(await api.handle('runs.list', { status: 'queued' })).toEqual([]);

    expect((await rejection(api.handle('runs.stop', { runId: 'no-such-run' }))).code).toBe('not-found');
  });
});
