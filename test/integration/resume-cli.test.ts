import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { positionFileOf, readCheckpointFile } from '../../src-main/engine/checkpoint-file';
import { loadWeights } from '../../src-main/engine/weights-io';
import { METRIC } from '../../src-shared/api/metrics';
import type { RunDetail } from '../../src-shared/api/run';
import { lastJsonLine, runCli, spiralsSpec, startCli, tempDir, waitForStderr, writeJson } from './cli-helpers';
import { openRunStore } from '../../src-main/services/open-store';

const spec = writeJson(tempDir(), 'spirals.json', spiralsSpec());
// 1800 training examples in batches of 10: 180 steps per epoch, 1800 in all.
const runArgs = ['run', spec, '--dataset', 'spirals', '--epochs', '10', '--batch', '10', '--seed', '3'];

interface ResultLine {
  runId: string;
  status: string;
  epochs: number;
  finalLoss: number;
  testErrors: number;
  parentRunId?: string;
}

function readHistory(dataDir: string, runId: string) {
  const store = openRunStore(dataDir);
  try {
    return { detail: store.getRun(runId)!, metrics: store.getMetrics(runId), points: store.countMetrics(runId) };
  } finally {
    store.close();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('kill -9 of a trainer, then layerlab resume (real CLI, real trainer processes)', { timeout: 600_000 }, () => {
  it('the crashed run keeps its last checkpoint as its weights; the resumed run ends exactly as an uninterrupted one', async () => {
    const reference = tempDir();
    const whole = await runCli([...runArgs, '--json', '--data-dir', reference]);
    expect(whole.code, whole.stderr).toBe(0);
    const uninterrupted = lastJsonLine<ResultLine>(whole.stdout);
    expect(readHistory(reference, uninterrupted.runId).detail.artifacts.map((a) => a.kind)).toEqual(['weights', 'predictions', 'probabilities']);
    const referenceMetrics = readHistory(reference, uninterrupted.runId).metrics;

    // The same run in another history, killed once its first checkpoint is on disk.
    const dataDir = tempDir();
    const cli = startCli([...runArgs, '--verbose', '--data-dir', dataDir]);
    const stderr = await waitForStderr(cli.stderrSoFar, (text) => /trainer process \d+ started/.test(text));
    const [, runId, pid] = /run (\S+): trainer process (\d+) started/.exec(stderr)!;
    const checkpointFile = join(dataDir, 'artifacts', runId, 'checkpoint.json');
    // The trainer writes the checkpoint's position file right after the checkpoint.
    await until(() => existsSync(positionFileOf(checkpointFile)), 'the first checkpoint');
    process.kill(Number(pid), 'SIGKILL');
    const killed = await cli.done;
    expect(killed.code).toBe(1);
    expect(killed.stderr).toMatch(new RegExp(`run ${runId} crashed: the trainer process was killed \\(SIGKILL\\)`));
    expect(killed.stdout).toMatch(`continue it from its last checkpoint: layerlab resume ${runId}`);

    const position = readCheckpointFile(checkpointFile).checkpoint.position;
    expect(position.stepsDone).toBeGreaterThanOrEqual(180);
    expect(position.stepsDone).toBeLessThan(1800);
    const checkpointEpoch = position.epochsDone + position.batchesDone / 180;
    const crashed = readHistory(dataDir, runId);
    expect(crashed.detail.run.status).toBe('crashed');
    const checkpoint = crashed.detail.artifacts.find((a) => a.kind === 'checkpoint')!;
    const weights = crashed.detail.artifacts.find((a) => a.kind === 'weights')!;
    expect(checkpoint).toMatchObject({ path: join('artifacts', runId, 'checkpoint.json'), epoch: checkpointEpoch, step: position.stepsDone });
    expect(weights).toMatchObject({ path: checkpoint.path, epoch: checkpointEpoch, step: position.stepsDone });
    // The weights artifact is a weights file any reader of weights.json can load.
    expect(Object.keys(loadWeights(join(dataDir, weights.path)).weights)).toEqual(['h1', 'h2', 'out']);

    const shown = await runCli(['show', runId, '--data-dir', dataDir]);
    expect(shown.stdout).toMatch(`artifact    weights: ${weights.path} (${weights.bytes} bytes) — from the last checkpoint, at epoch ${Number.isInteger(checkpointEpoch) ? checkpointEpoch : checkpointEpoch.toFixed(2)} (step ${position.stepsDone})`);
    expect(shown.stdout).toMatch(`resume      layerlab resume ${runId}`);

    const resumedCli = await runCli(['resume', runId.slice(0, 8), '--json', '--data-dir', dataDir]);
    expect(resumedCli.code, resumedCli.stderr).toBe(0);
    const resumed = lastJsonLine<ResultLine>(resumedCli.stdout);
    expect(resumed).toMatchObject({ status: 'completed', epochs: 10, parentRunId: runId });
    expect(resumed.runId).not.toBe(runId);
    // Deterministic engine: every random draw derives from (seed, epoch) or (seed, step), the checkpoint holds
    // the exact float32 weights and optimizer slots, so the resumed run retraces the uninterrupted one bit for bit.
    expect(resumed.finalLoss).toBe(uninterrupted.finalLoss);
    expect(resumed.testErrors).toBe(uninterrupted.testErrors);

    const after = readHistory(dataDir, resumed.runId);
    expect(after.detail.run).toMatchObject({ parentRunId: runId, resumedFrom: { runId, epoch: checkpointEpoch, step: position.stepsDone }, epochsDone: 10 });
    // Its metrics: the parent's up to the checkpoint, then its own, one series as if never interrupted.
    const epochLosses = after.metrics[METRIC.trainLoss];
    expect(epochLosses.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(epochLosses.map((p) => p.value)).toEqual(referenceMetrics[METRIC.trainLoss].map((p) => p.value));
    expect(after.metrics[METRIC.trainLossStep].map((p) => p.step)).toEqual(referenceMetrics[METRIC.trainLossStep].map((p) => p.step));
    expect(after.metrics[METRIC.testErrors].map((p) => p.value)).toEqual([uninterrupted.testErrors]);
    expect(after.detail.artifacts.map((a) => a.kind)).toEqual(['weights', 'predictions', 'probabilities']);
    expect(existsSync(join(dataDir, 'artifacts', resumed.runId, 'checkpoint.json'))).toBe(false);
    // The crashed run is left as it was.
    expect(readHistory(dataDir, runId).points).toBe(crashed.points);

    const shownResumed = await runCli(['show', resumed.runId, '--data-dir', dataDir]);
    expect(shownResumed.stdout).toMatch(`resumed     from run ${runId}, at epoch`);
  });

  it('a run that cannot be resumed says why: completed, no checkpoint, a missing checkpoint (exit 2), a damaged checkpoint (its trainer refuses it, exit 1)', async () => {
    const dataDir = tempDir();
    const done = lastJsonLine<ResultLine>((await runCli([...runArgs, '--epochs', '1', '--json', '--data-dir', dataDir])).stdout);
    const completed = await runCli(['resume', done.runId, '--data-dir', dataDir]);
    expect(completed.code).toBe(2);
    expect(completed.stderr).toBe(`layerlab resume: run "${done.runId}" is completed; only a crashed or stopped run can be resumed\n`);

    const store = openRunStore(dataDir);
    const early = store.createRun({ name: 'early', spec: spiralsSpec(), config: (readHistory(dataDir, done.runId).detail as RunDetail).config, datasetRef: { name: 'spirals' }, appVersion: 'test', params: {} });
    store.markCrashed(early.id, 'the trainer process was killed (SIGKILL) during epoch 1');
    store.close();
    const noCheckpoint = await runCli(['resume', early.id, '--data-dir', dataDir]);
    expect(noCheckpoint.code).toBe(2);
    expect(noCheckpoint.stderr).toMatch(`run "${early.id}" has no checkpoint to resume from: it ended before the end of its first epoch`);

    const unknown = await runCli(['resume', 'no-such-run', '--data-dir', dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run with id "no-such-run"/);

    // Ctrl-C: the run stops after its batch and saves a checkpoint there; damaged afterwards, it is refused.
    const cli = startCli([...runArgs, '--epochs', '2000', '--json', '--data-dir', dataDir]);
    await waitForStderr(cli.stderrSoFar, (text) => /epoch 1\/2000: train loss/.test(text));
    cli.child.kill('SIGINT');
    const stopped = lastJsonLine<ResultLine>((await cli.done).stdout);
    expect(stopped.status).toBe('stopped');
    const { detail } = readHistory(dataDir, stopped.runId);
    expect(detail.artifacts.map((a) => a.kind)).toEqual(['weights', 'predictions', 'probabilities', 'checkpoint']);
    const checkpoint = detail.artifacts.find((a) => a.kind === 'checkpoint')!;
    const file = join(dataDir, checkpoint.path);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`));
    // Main only peeks at a checkpoint; the trainer reads it whole and refuses it, so the new run fails saying why.
    const damaged = await runCli(['resume', stopped.runId, '--json', '--data-dir', dataDir]);
    expect(damaged.code).toBe(1);
    const failed = lastJsonLine<ResultLine>(damaged.stdout);
    expect(failed).toMatchObject({ status: 'failed', parentRunId: stopped.runId });
    expect(damaged.stderr).toMatch(`run ${failed.runId} failed: ${file} is not a usable checkpoint: its contents do not match its checksum`);
    expect(damaged.stderr).toMatch(/train the run again from the start/);
    expect(readHistory(dataDir, failed.runId).detail.run.resumedFrom).toEqual({ runId: stopped.runId, epoch: checkpoint.epoch, step: checkpoint.step });
    expect(readHistory(dataDir, stopped.runId).detail).toEqual(detail);

    rmSync(file);
    const gone = await runCli(['resume', stopped.runId, '--data-dir', dataDir]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toBe(`layerlab resume: run "${stopped.runId}" cannot be resumed: its checkpoint ${file} no longer exists; train it again from the start\n`);
  });
});
