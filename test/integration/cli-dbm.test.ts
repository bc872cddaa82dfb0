import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import { ROOT, runCli, tempDir, writeJson } from './cli-helpers';

const template = (name: string) => JSON.parse(readFileSync(join(ROOT, 'resources', 'templates', name), 'utf8'));

/** Issue 12 at test scale: the DBM template on 2,000 MNIST images, a couple of epochs of each stage. */
describe('layerlab run on the DBM template (MNIST subset)', { timeout: 300_000 }, () => {
  it('prints a stage line per stage and the lower bound per joint epoch, beats chance, and reports the bound beside −84.62', async () => {
    const dir = tempDir();
    const dbm = template('dbm-784-500-1000-10.json');
    dbm.procedure.params = { ...dbm.procedure.params, rbmEpochs: 2, jointEpochs: 2, epochAisRuns: 10, epochAisBetas: 200, boundRows: 500, finalAisRuns: 20, finalAisBetas: 500 };
    const result = await runCli(['run', writeJson(dir, 'dbm.json', dbm), '--epochs', '3', '--train-limit', '2000', '--test-limit', '500', '--data-dir', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/stage 1\/5 RBM 1 \(2W bottom-up\): completed in [\d.]+ s \(2 epochs\)/);
    expect(result.stderr).toMatch(/stage 2\/5 RBM 2 \(2W top-down\): completed/);
    expect(result.stderr).toMatch(/stage 3\/5 Joint training \(mean field \+ persistent chains\): completed .*\(2 epochs\)/);
    expect(result.stderr).toMatch(/stage 4\/5 Lower bound on the test log-probability \(AIS\): completed/);
    expect(result.stderr).toMatch(/stage 5\/5 Fine-tuning by backprop on \[v, q\(h2\)\]: completed .*\(3 epochs\)/);
    const bounds = [...result.stderr.matchAll(/joint epoch (\d+): test lower bound (-[\d.]+) nats per image/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(bounds.map(([epoch]) => epoch)).toEqual([0, 1, 2]);
    // Uniform pixels give 784·log ½ = −543 nats; after two short RBM stages the visible biases are still near 0, so
    // the composed model starts not far above that (about −400), and joint training raises it.
    for (const [, bound] of bounds) expect(bound).toBeGreaterThan(-600);
    expect(bounds[2][1]).toBeGreaterThan(bounds[0][1]);
    const rate = Number(/test errors: \d+ \(([\d.]+)%\)/.exec(result.stdout)?.[1]);
    // Chance is 90%; 3 epochs on features from this short a DBM reach about 40%.
    expect(rate, result.stdout).toBeLessThan(60);
    const final = Number(/test lower bound on log p\(v\) \(nats, AIS\): (-[\d.]+)\s+\(published: -84\.62/.exec(result.stdout)?.[1]);
    expect(final, result.stdout).toBeLessThan(-60);
    expect(final, result.stdout).toBeGreaterThan(-600);

    const api = createApiService({ dataDir: dir });
    try {
      const [run] = await api.handle('runs.list', {});
      const detail = await api.handle('runs.get', { runId: run.id });
      expect(detail.stages.map((stage) => [stage.name, stage.status])).toEqual([
        ['rbm-1', 'completed'],
        ['rbm-2', 'completed'],
        ['joint', 'completed'],
        ['bound', 'completed'],
        ['finetune', 'completed'],
      ]);
      const samples = detail.artifacts.find((artifact) => artifact.name === 'chain-samples.json')!;
      expect(samples).toMatchObject({ kind: 'image-grid', stage: 2 });
      const grid = await api.handle('runs.artifact', { runId: run.id, artifactId: samples.id });
      expect(grid.kind === 'image-grid' && grid.rows.map((row) => [row.label, row.images.length])).toEqual([
        ['epoch 1', 10],
        ['epoch 2', 10],
      ]);
      const metrics = await api.handle('runs.metrics', { runId: run.id });
      expect(metrics['dbm/test_error_rate']).toHaveLength(3);
    } finally {
      await api.close();
    }
  });
});
