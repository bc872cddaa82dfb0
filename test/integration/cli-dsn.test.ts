import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import { dsn, dsnParamsSchema } from '../../src-shared/procedures/dsn';
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
    // One line per stage of the template's plan (per module its solve, and its refinement if the template refines).
    const stages = dsn.stages(dsnParamsSchema.parse(template.procedure.params), template.config);
    expect(stages.filter((stage) => stage.kind === 'solve')).toHaveLength(modules);
    stages.forEach((stage, i) => {
      const label = stage.label.replace(/[()]/g, '\\$&');
      expect(result.stderr).toMatch(new RegExp(`stage ${i + 1}/${stages.length} ${label}: completed in [\\d.]+ s`));
    });
    expect(stages.at(-1)!.label).toBe('Testing the stack through the network');
    const networkErrors = Number(/test errors: (\d+) \(/.exec(result.stdout)?.[1]);

    const api = createApiService({ dataDir: dir });
    try {
      const [run] = await api.handle('runs.list', {});
      const detail = await api.handle('runs.get', { runId: run.id });
      expect(detail.procedure?.kind).toBe('dsn');
      expect(detail.stages.map((stage) => stage.status)).toEqual(Array(stages.length).fill('completed'));
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

  it('with RBM lower weights, refinement and fine-tuning: a stage line for each, refinement lowers every module\u2019s training squared error, and the table ends with the fine-tuned stack', async () => {
    const dir = tempDir();
    const template = smallTemplate(200);
    const modules = 3;
    const last = template.spec.nodes.findIndex((node: { id: string }) => node.id === `y${modules}`);
    template.spec.nodes = template.spec.nodes.slice(0, last + 1);
    const kept = new Set(template.spec.nodes.map((node: { id: string }) => node.id));
    template.spec.edges = template.spec.edges.filter((edge: { from: string; to: string }) => kept.has(edge.from) && kept.has(edge.to));
    const refineEpochs = 3;
    template.procedure.params = { ...template.procedure.params, modules, lowerInit: 'rbm', rbmEpochs: 2, refineEpochs, refineLearningRate: 1, fineTuneEpochs: 2 };
    template.config = { ...template.config, batchSize: 100, learningRate: 0.01 };
    const result = await runCli(['run', writeJson(dir, 'dsn-refined.json', template), '--train-limit', '3000', '--test-limit', '1000', '--data-dir', dir]);
    expect(result.code, result.stderr).toBe(0);
    const count = 3 * modules + 2;
    for (let k = 1; k <= modules; k++) {
      const first = 3 * (k - 1) + 1;
      expect(result.stderr).toMatch(new RegExp(`stage ${first}/${count} RBM on the input of module ${k} of ${modules} \\(CD-1\\): completed in [\\d.]+ s \\(2 epochs\\)`));
      expect(result.stderr).toMatch(new RegExp(`stage ${first + 1}/${count} Solving module ${k} of ${modules}: completed`));
      expect(result.stderr).toMatch(new RegExp(`stage ${first + 2}/${count} Refining the lower weights of module ${k} of ${modules}: completed in [\\d.]+ s \\(${refineEpochs} epochs\\)`));
    }
    expect(result.stderr).toMatch(new RegExp(`stage ${count - 1}/${count} Fine-tuning the whole stack by backprop: completed in [\\d.]+ s \\(2 epochs\\)`));
    expect(result.stdout).toMatch(/test error rate of the fine-tuned stack: 0\.\d+/);

    const api = createApiService({ dataDir: dir });
    try {
      const [run] = await api.handle('runs.list', {});
      const detail = await api.handle('runs.get', { runId: run.id });
      expect(detail.stages.map((stage) => stage.status)).toEqual(Array(count).fill('completed'));
      const metrics = await api.handle('runs.metrics', { runId: run.id });
      const refine = metrics['dsn/refine_train_mse'];
      expect(refine).toHaveLength(modules * (refineEpochs + 1));
      for (let k = 0; k < modules; k++) {
        const curve = refine.slice(k * (refineEpochs + 1), (k + 1) * (refineEpochs + 1)).map((point) => point.value);
        expect(curve.at(-1)!, JSON.stringify(curve)).toBeLessThan(curve[0]);
      }
      const byName = Object.fromEntries(detail.artifacts.map((artifact) => [artifact.name, artifact]));
      expect(byName['rbm1-filters.json']).toBeDefined();
      const table = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['modules.json'].id });
      if (table.kind !== 'table') throw new Error('expected a table');
      expect(table.rows.map((row) => row[0])).toEqual([1, 2, 3, 'fine-tuned stack']);
      // Per module the closed form before refinement is kept beside the refined figures.
      for (const row of table.rows.slice(0, modules)) expect(Number(row[11])).toBeGreaterThan(Number(row[7]));
      const fineTunedTest = Number(table.rows[modules][6]);
      expect(metrics['dsn/finetune_test_error_rate'].at(-1)!.value).toBeCloseTo(fineTunedTest, 6);
      expect(metrics['test/error_rate'].at(-1)!.value).toBeCloseTo(fineTunedTest, 6);
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
