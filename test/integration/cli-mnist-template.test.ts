import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lastJsonLine, ROOT, runCli, tempDir } from './cli-helpers';

/** The acceptance run: the dropout MLP template, 1 epoch on 5000 MNIST examples. */
describe('layerlab run on a template file', { timeout: 300_000 }, () => {
  it('trains the dropout MLP template on MNIST to under 15% test error, and show returns its series', async () => {
    const dataDir = tempDir();
    const template = join(ROOT, 'resources', 'templates', 'mlp-dropout-784-800-800-10.json');
    const result = await runCli(['run', template, '--epochs', '1', '--train-limit', '5000', '--seed', '1', '--json', '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    const line = lastJsonLine<{ runId: string; status: string; testErrorRate: number; epochs: number }>(result.stdout);
    expect(line).toMatchObject({ status: 'completed', epochs: 1 });
    expect(line.testErrorRate).toBeLessThan(0.15);

    const shown = JSON.parse((await runCli(['show', line.runId, '--json', '--data-dir', dataDir])).stdout);
    expect(shown.run.dataset).toBe('mnist');
    expect(shown.datasetRef).toEqual({ name: 'mnist', trainLimit: 5000 });
    expect(shown.spec.nodes.filter((node: { kind: string }) => node.kind === 'dropout')).toHaveLength(3);
    expect(shown.metrics['train/loss'].length).toBeGreaterThan(3);
    expect(shown.metrics['test/errors'][0].value).toBe(Math.round(line.testErrorRate * 10000));
    expect(shown.artifacts.map((artifact: { kind: string }) => artifact.kind)).toContain('weights');
  });
});
