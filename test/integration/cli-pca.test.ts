import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiService } from '../../src-main/services/api-service';
import { ROOT, runCli, tempDir, writeJson } from './cli-helpers';

const TEMPLATE = join(ROOT, 'resources', 'templates', 'pca-30-mnist.json');

/** Issue 10's PCA acceptance: PCA-30 fitted on the 60,000 MNIST training images, test error per image as Hinton & Salakhutdinov define it. */
describe('layerlab run on the PCA-30 MNIST template', { timeout: 300_000 }, () => {
  it('prints the test reconstruction error, within 13.87 ± 0.1, beside the published figure, with a line per stage', async () => {
    const dataDir = tempDir();
    const result = await runCli(['run', TEMPLATE, '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    const error = Number(/test reconstruction error: ([\d.]+)\s+\(published: 13\.87\)/.exec(result.stdout)?.[1]);
    expect(Math.abs(error - 13.87), result.stdout).toBeLessThan(0.1);
    expect(result.stderr).toMatch(/stage 1\/2 Solving for the components: completed in [\d.]+ s; run \d+%, ETA/);
    expect(result.stderr).toMatch(/stage 2\/2 Reconstructing train and test: completed in [\d.]+ s; run 100%/);

    // The run's record: both stages completed, the metrics, and the artifacts the run view draws.
    const api = createApiService({ dataDir });
    try {
      const [run] = await api.handle('runs.list', {});
      const detail = await api.handle('runs.get', { runId: run.id });
      expect(detail.procedure).toEqual({ kind: 'pca', params: { reconstructionImages: 12, scatterPoints: 2000 } });
      expect(detail.stages.map((stage) => [stage.name, stage.status])).toEqual([
        ['fit', 'completed'],
        ['evaluate', 'completed'],
      ]);
      const byName = Object.fromEntries(detail.artifacts.map((artifact) => [artifact.name, artifact]));
      expect(byName['reconstructions.json']).toMatchObject({ kind: 'image-grid', stage: 1 });
      const grid = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['reconstructions.json'].id });
      expect(grid.kind).toBe('image-grid');
      if (grid.kind !== 'image-grid') return;
      expect(grid.imageShape).toEqual([28, 28]);
      expect(grid.rows.map((row) => [row.label, row.images.length])).toEqual([
        ['original', 12],
        ['PCA-30', 12],
      ]);
      // The first test digit of MNIST is a 7.
      expect(grid.rows[0].images[0].label).toBe('7');
      const scatter = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['codes.json'].id });
      expect(scatter.kind === 'scatter' && scatter.x.length).toBe(2000);
      expect(scatter.kind === 'scatter' && new Set(scatter.classes).size).toBe(10);
      const curve = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['error-by-components.json'].id });
      if (curve.kind !== 'curve') throw new Error('expected a curve');
      const test = curve.series.find((series) => series.name === 'test')!;
      // The curve's PCA-30 point is the network's own figure; PCA-2 is about 43.6 (SCIENCE.md).
      expect(test.y[29]).toBeCloseTo(error, 1);
      expect(Math.abs(test.y[1] - 43.6)).toBeLessThan(0.5);
      await expect(api.handle('runs.artifact', { runId: run.id, artifactId: byName['weights.json'].id })).rejects.toThrow(/not one of the viewable kinds/);
      const metrics = await api.handle('runs.metrics', { runId: run.id });
      expect(metrics['pca/test_reconstruction_error'][0]).toMatchObject({ stage: 1 });
    } finally {
      await api.close();
    }
  });

  it('refuses a network PCA cannot fill, naming the node, before training (exit 2)', async () => {
    const dir = tempDir();
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    template.spec.nodes.find((node: { id: string }) => node.id === 'code').params.activation = 'sigmoid';
    const result = await runCli(['run', writeJson(dir, 'pca-sigmoid.json', template), '--data-dir', dir, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/node "code": procedure pca needs a linear activation, got sigmoid/);
    expect(result.stdout).toBe('');
  });
});
