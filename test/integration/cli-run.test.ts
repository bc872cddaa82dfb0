import { describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, spiralsSpec, tempDir, writeJson } from './cli-helpers';

interface RunLine {
  runId: string;
  status: string;
  epochs: number;
  testErrors: number | null;
  testErrorRate: number | null;
  finalLoss: number | null;
  backend: string | null;
  wallMs: number | null;
}

const specDir = tempDir();
const dataDir = tempDir();
const spec = writeJson(specDir, 'spirals.json', spiralsSpec());

function train(seed: number): Promise<{ code: number | null; line: RunLine; stderr: string }> {
  return runCli(['run', spec, '--dataset', 'spirals', '--epochs', '3', '--lr', '0.1', '--seed', String(seed), '--json', '--data-dir', dataDir]).then(
    (result) => {
      if (result.code !== 0) throw new Error(`layerlab run exited ${result.code}:\n${result.stderr}`);
      return { code: result.code, line: lastJsonLine<RunLine>(result.stdout), stderr: result.stderr };
    },
  );
}

describe('layerlab run / show / list on spirals', { timeout: 300_000 }, () => {
  it('train, print one JSON result line, and keep the metric series in SQLite', async () => {
    const { line, stderr } = await train(1);
    expect(line).toMatchObject({ status: 'completed', epochs: 3, backend: expect.any(String) });
    expect(Object.keys(line).sort()).toEqual(['backend', 'epochs', 'finalLoss', 'runId', 'status', 'testErrorRate', 'testErrors', 'wallMs']);
    expect(line.testErrorRate).toBeGreaterThanOrEqual(0);
    expect(line.testErrorRate).toBeLessThanOrEqual(1);
    expect(line.testErrors).toBe(Math.round(line.testErrorRate! * 1000));
    expect(line.finalLoss).toBeGreaterThan(0);
    expect(line.wallMs).toBeGreaterThan(0);
    expect(stderr).toMatch(/epoch 3\/3: train loss/);

    const shown = await runCli(['show', line.runId, '--json', '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    const detail = JSON.parse(shown.stdout);
    expect(detail.run).toMatchObject({ id: line.runId, status: 'completed', error: null, seed: 1, dataset: 'spirals' });
    expect(detail.spec.name).toBe('spirals mlp');
    expect(detail.config).toMatchObject({ epochs: 3, learningRate: 0.1, seed: 1 });
    const losses = detail.metrics['train/loss'];
    expect(losses.length).toBeGreaterThan(1);
    expect(Object.keys(losses[0]).sort()).toEqual(['epoch', 'step', 'value', 'wallMs']);
    expect(losses.map((p: { step: number }) => p.step)).toEqual([...losses.map((p: { step: number }) => p.step)].sort((a, b) => a - b));
    expect(detail.metrics['epoch/train_loss']).toHaveLength(3);
    expect(detail.metrics['test/error_rate'][0].value).toBeCloseTo(line.testErrorRate!, 10);

    const listed = await runCli(['list', '--json', '--data-dir', dataDir]);
    const runs = JSON.parse(listed.stdout);
    const mine = runs.find((run: { id: string }) => run.id === line.runId);
    expect(mine).toMatchObject({ status: 'completed', name: expect.any(String), dataset: 'spirals', testErrors: line.testErrors, wallMs: line.wallMs });
    expect(mine.startedAt).toEqual(expect.any(String));
  });

  it('reproduce the final loss with the same seed and change it with another', async () => {
    const first = await train(5);
    const again = await train(5);
    const other = await train(6);
    expect(again.line.finalLoss).toBe(first.line.finalLoss);
    expect(other.line.finalLoss).not.toBe(first.line.finalLoss);

    const listed = JSON.parse((await runCli(['list', '--json', '--data-dir', dataDir])).stdout) as { id: string }[];
    expect(listed.slice(0, 3).map((run) => run.id)).toEqual([other.line.runId, again.line.runId, first.line.runId]);
  });

  it('show a run by a prefix of its id, in words', async () => {
    const listed = JSON.parse((await runCli(['list', '--json', '--data-dir', dataDir])).stdout) as { id: string }[];
    const shown = await runCli(['show', listed[0].id.slice(0, 8), '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/status\s+completed/);
    expect(shown.stdout).toMatch(/train\/loss/);
  });
});
