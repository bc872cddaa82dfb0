import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import { ROOT, runCli, tempDir, writeJson } from './cli-helpers';

const TEMPLATE = join(ROOT, 'resources', 'templates', 'dsn-mnist.json');

/** The DSN template at test scale: its modules with 300 hidden units each, on 3,000 MNIST training images. */
function smallTemplate(hidden = 300) {
  const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
  for (const node of template.spec.nodes) if (node.kind === 'dense' && node.params.activation === 'sigmoid') node.params.units = hidden;
  return template;
}

describe('layerlab run on the DSN template (MNIST subset)', { timeout: 300_000 }, () => {
  it('solves one module per stage; the test error falls from module 1 to the last, and the network gives the last module\u2019s figure', async () => {
    const dir = tempDir();
    const template = smallTemplate();
    const modules: number = template.procedure.params.modules;
    expect(modules).toBeGreaterThanOrEqual(3);
    const result = await runCli(['run', writeJson(dir, 'dsn.json', template), '--train-limit', '3000', '--test-limit', '1000', '--data-dir', dir]);
    expect(result.code, result.stderr).toBe(0);
    for (let k = 1; k <= modules; k++) expect(result.stderr).toMatch(new RegExp(`stage ${k}/${modules + 1} Solving module ${k} of ${modules}: completed in [\\d.]+ s`));
    expect(result.stderr).toMatch(new RegExp(`stage ${modules + 1}/${modules + 1} Testing the stack through the network: completed`));
    const networkErrors = Number(/test errors: (\d+) \(/.exec(result.stdout)?.[1]);

    const api = createApiService({ dataDir: dir });
    try {
      const [run] = await api.handle('runs.list', {});
      const detail = await api.handle('runs.get', { runId: run.id });
      expect(detail.procedure?.kind).toBe('dsn');
      expect(detail.stages.map((stage) => stage.status)).toEqual(Array(modules + 1).fill('completed'));
      const byName = Object.fromEntries(detail.artifacts.map((artifact) => [artifact.name, artifact]));
      const curve = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['error-by-modules.json'].id });
      if (curve.kind !== 'curve') throw new Error('expected a curve');
      const test = curve.series.find((series) => series.name === 'test')!;
      const train = curve.series.find((series) => series.name === 'train')!;
      expect(test.x).toEqual(Array.from({ length: modules }, (_, i) => i + 1));
      // Chance is 90%; 300 random sigmoid features on 3,000 images give roughly 12%, and stacking takes it lower.
      expect(test.y[0], JSON.stringify(test.y)).toBeLessThan(0.3);
      expect(test.y[modules - 1], JSON.stringify(test.y)).toBeLessThan(test.y[0]);
      expect(train.y[modules - 1], JSON.stringify(train.y)).toBeLessThan(train.y[0]);
      const table = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['modules.json'].id });
      if (table.kind !== 'table') throw new Error('expected a table');
      expect(table.rows.map((row) => [row[0], row[1], row[2]])).toEqual(Array.from({ length: modules }, (_, k) => [k + 1, 784 + 10 * k, 300]));
      // The whole network (weights written into its layers) classifies as the last module's own outputs did (ties in float32 aside).
      const lastTestErrors = Number(table.rows[modules - 1][5]);
      expect(Math.abs(networkErrors - lastTestErrors), result.stdout).toBeLessThanOrEqual(1);
      const metrics = await api.handle('runs.metrics', { runId: run.id });
      expect(metrics['dsn/test_error_rate'].map((point) => point.value)).toEqual(test.y);
    } finally {
      await api.close();
    }
  });

  it('refuses a module with a relu hidden layer before training, naming the node (exit 2)', async () => {
    const dir = tempDir();
    const template = smallTemplate();
    template.spec.nodes.find((node: { id: string }) => node.id === 'h2').params.activation = 'relu';
    const result = await runCli(['run', writeJson(dir, 'dsn-relu.json', template), '--data-dir', dir, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/node "h2": procedure dsn needs a sigmoid hidden layer, got relu/);
  });

  it('a module count that disagrees with the network fails with both numbers', async () => {
    const dir = tempDir();
    const template = smallTemplate(20);
    template.procedure.params.modules = 2;
    const result = await runCli(['run', writeJson(dir, 'dsn-count.json', template), '--train-limit', '200', '--test-limit', '100', '--data-dir', dir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/procedure dsn: params\.modules is 2 but the network has \d+ modules/);
  });
});
