import { describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, spiralsSpec, startCli, tempDir, waitForStderr, writeJson } from './cli-helpers';
import { openRunStore } from '../../src-main/services/open-store';

const specDir = tempDir();
const spec = writeJson(specDir, 'spirals.json', spiralsSpec());

function readRun(dataDir: string, runId: string) {
  const store = openRunStore(dataDir);
  try {
    return { summary: store.getSummary(runId)!, metrics: store.getMetrics(runId), points: store.countMetrics(runId) };
  } finally {
    store.close();
  }
}

describe('layerlab run when the run goes wrong', { timeout: 300_000 }, () => {
  it('an absurd learning rate ends as diverged, exit 1, saying so', async () => {
    const dataDir = tempDir();
    const result = await runCli(['run', spec, '--dataset', 'spirals', '--epochs', '20', '--lr', '1e6', '--json', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    const line = lastJsonLine<{ runId: string; status: string }>(result.stdout);
    expect(line.status).toBe('diverged');
    expect(result.stderr).toMatch(new RegExp(`run ${line.runId} diverged: training loss (became (NaN|Infinity)|[0-9.e+]+ is over 10000× the first batch's)`));
    expect(readRun(dataDir, line.runId).summary.status).toBe('diverged');
  });

  it('kill -9 of the trainer mid-epoch: run crashed, metrics kept, exit 1 saying what happened', async () => {
    const dataDir = tempDir();
    const cli = startCli(['run', spec, '--dataset', 'spirals', '--epochs', '2000', '--batch', '10', '--verbose', '--data-dir', dataDir]);
    const stderr = await waitForStderr(cli.stderrSoFar, (text) => /epoch 2\/2000: train loss/.test(text));
    const [, runId, pid] = /run (\S+): trainer process (\d+) started/.exec(stderr)!;
    process.kill(Number(pid), 'SIGKILL');
    const result = await cli.done;

    expect(result.code).toBe(1);
    const message = new RegExp(`run ${runId} crashed: the trainer process was killed \\(SIGKILL\\) during epoch (\\d+); (\\d+) metric points were saved`);
    expect(result.stderr).toMatch(message);
    const [, epoch, saved] = message.exec(result.stderr)!;
    expect(Number(epoch)).toBeGreaterThanOrEqual(2);

    const { summary, metrics, points } = readRun(dataDir, runId);
    expect(summary.status).toBe('crashed');
    expect(summary.error).toMatch(/killed \(SIGKILL\)/);
    expect(points).toBe(Number(saved));
    expect(metrics['epoch/train_loss'].length).toBeGreaterThanOrEqual(2);
    expect(metrics['train/loss'].length).toBeGreaterThan(0);
    expect(summary.epochsDone).toBe(metrics['epoch/train_loss'].length);
  });

  it('Ctrl-C stops the run gracefully: status stopped, metrics kept', async () => {
    const dataDir = tempDir();
    const cli = startCli(['run', spec, '--dataset', 'spirals', '--epochs', '2000', '--batch', '10', '--json', '--data-dir', dataDir]);
    await waitForStderr(cli.stderrSoFar, (text) => /epoch 1\/2000: train loss/.test(text));
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.stderr).toMatch(/stopping after the current batch/);
    const line = lastJsonLine<{ runId: string; status: string }>(result.stdout);
    expect(line.status).toBe('stopped');
    expect(result.code).toBe(130);
    expect(readRun(dataDir, line.runId).points).toBeGreaterThan(0);
  });
});
