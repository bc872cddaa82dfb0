import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, startCli, tempDir, waitForStderr, writeJson } from './cli-helpers';
import { spiralsDropoutTemplate } from './study-fixtures';
import { openRunStore } from '../../src-main/services/open-store';

interface StudyLine {
  studyId: string;
  status: string;
  variants: Record<'dropout' | 'noDropout', { testErrors: number[]; mean: number; sd: number | null; meanRate: number }>;
  pairedT: { t: number | null; df: number; p: number | null };
  wilcoxon: { statistic: number; p: number };
  mcnemar: { p: number; perSeed: { seed: number; p: number }[] } | null;
  meanDifference: number;
  ci95: [number, number] | null;
  verdict: string;
  testCount: number;
  epochs: number;
}

function studyRuns(dataDir: string): { runId: string; variant: string; seed: number; status: string }[] {
  const db = new Database(join(dataDir, 'history.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT sr.run_id AS runId, sr.variant, sr.seed, r.status FROM study_runs sr JOIN runs r ON r.id = sr.run_id ORDER BY r.created_at, r.rowid`,
      )
      .all() as { runId: string; variant: string; seed: number; status: string }[];
  } finally {
    db.close();
  }
}

describe('layerlab study (spirals, real trainer processes)', () => {
  it('finishes a study killed midway when the same command runs again, without re-running completed runs', async () => {
    const dataDir = tempDir('layerlab-study-');
    const template = writeJson(tempDir(), 'spirals-dropout.json', spiralsDropoutTemplate());
    const args = ['study', template, '--seeds', '3', '--epochs', '3', '--parallel', '1', '--data-dir', dataDir, '--json'];

    const first = startCli(args);
    await waitForStderr(first.stderrSoFar, (stderr) => (stderr.match(/completed: \d+ test errors/g) ?? []).length >= 2, 90_000);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const before = studyRuns(dataDir);
    const completedBefore = before.filter((run) => run.status === 'completed');
    expect(completedBefore.length).toBeGreaterThanOrEqual(2);
    expect(completedBefore.length).toBeLessThan(6);

    // --parallel is not part of the study's identity: resume two at a time.
    const second = await runCli(args.map((arg, i) => (args[i - 1] === '--parallel' ? '2' : arg)));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`resuming: ${completedBefore.length} of 6 runs already done`));
    const result = lastJsonLine<StudyLine>(second.stdout);

    const after = studyRuns(dataDir);
    for (const run of completedBefore) expect(after.find((r) => r.runId === run.runId)?.status).toBe('completed');
    const completedAfter = after.filter((run) => run.status === 'completed');
    expect(completedAfter).toHaveLength(6);
    // Each slot has exactly one completed run: nothing completed was trained twice.
    expect(new Set(completedAfter.map((run) => `${run.variant}:${run.seed}`)).size).toBe(6);
    // The runs the kill interrupted stay in the history as crashed; their slots got new runs.
    expect(after.length - completedAfter.length).toBe(6 - completedBefore.length);
    expect(after.filter((run) => run.status !== 'completed').every((run) => run.status === 'crashed')).toBe(true);

    expect(result.status).toBe('completed');
    expect(result.epochs).toBe(3);
    expect(result.testCount).toBeGreaterThan(0);
    for (const variant of ['dropout', 'noDropout'] as const) {
      const v = result.variants[variant];
      expect(v.testErrors).toHaveLength(3);
      expect(v.mean).toBeCloseTo(v.testErrors.reduce((a, b) => a + b, 0) / 3, 10);
      expect(v.meanRate).toBeCloseTo(v.mean / result.testCount, 10);
    }
    expect(result.meanDifference).toBeCloseTo(result.variants.dropout.mean - result.variants.noDropout.mean, 10);
    expect(result.pairedT.df).toBe(2);
    expect(result.mcnemar?.perSeed.map((s) => s.seed)).toEqual([1, 2, 3]);
    expect(result.verdict).toMatch(/paired t over 3 seeds/);

    // A third time: everything is done, nothing runs, the same numbers come back.
    const third = await runCli(args);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/resuming: 6 of 6 runs already done, 0 to run/);
    expect(lastJsonLine<StudyLine>(third.stdout)).toMatchObject({ studyId: result.studyId, variants: result.variants, verdict: result.verdict });
    expect(studyRuns(dataDir)).toHaveLength(after.length);

    const report = await runCli(['report', result.studyId.slice(0, 8), '--out', join(dataDir, 'report.html'), '--data-dir', dataDir]);
    expect(report.code, report.stderr).toBe(0);
  }, 300_000);

  it('continues a run the kill interrupted from its checkpoint, as that slot\'s run', async () => {
    const dataDir = tempDir('layerlab-study-');
    const template = writeJson(tempDir(), 'spirals-dropout.json', spiralsDropoutTemplate());
    const args = ['study', template, '--seeds', '1', '--epochs', '40', '--parallel', '1', '--data-dir', dataDir, '--json'];

    const first = startCli(args);
    const positionFile = await firstCheckpoint(dataDir);
    first.child.kill('SIGKILL');
    await first.done;
    const [interrupted] = studyRuns(dataDir);
    expect(positionFile).toBe(join(dataDir, 'artifacts', interrupted.runId, 'checkpoint.position.json'));
    const store = openRunStore(dataDir);
    const checkpoint = store.getRun(interrupted.runId)!.artifacts.find((artifact) => artifact.kind === 'checkpoint')!;
    store.close();
    expect(checkpoint.step).toBeGreaterThan(0);

    const second = await runCli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming: 0 of 2 runs already done, 2 to run \(1 from the checkpoint of an interrupted run\)/);
    const runs = studyRuns(dataDir);
    // The kill left the running run (with its checkpoint) and the queued one (without) crashed; each slot got one new run.
    expect(runs.map((run) => run.status)).toEqual(['crashed', 'crashed', 'completed', 'completed']);
    const reopened = openRunStore(dataDir);
    const continued = runs.slice(2).map((run) => reopened.getRun(run.runId)!.run).find((run) => run.parentRunId === interrupted.runId)!;
    reopened.close();
    expect(continued).toMatchObject({ resumedFrom: { runId: interrupted.runId, step: checkpoint.step }, epochsDone: 40, seed: 1 });
    expect(runs.find((run) => run.runId === continued.id)?.variant).toBe(interrupted.variant);
    const result = lastJsonLine<StudyLine>(second.stdout);
    expect(result.status).toBe('completed');
    expect(result.variants.dropout.testErrors).toHaveLength(1);
    expect(result.variants.noDropout.testErrors).toHaveLength(1);
    expect(result.variants[interrupted.variant as 'dropout' | 'noDropout'].testErrors).toEqual([continued.testErrors]);
  }, 300_000);
});

/** The path of the first checkpoint's position file once one is written (the trainer writes it after the checkpoint). */
async function firstCheckpoint(dataDir: string): Promise<string> {
  const started = Date.now();
  for (;;) {
    const artifacts = join(dataDir, 'artifacts');
    for (const runId of existsSync(artifacts) ? readdirSync(artifacts) : []) {
      const file = join(artifacts, runId, 'checkpoint.position.json');
      if (existsSync(file)) return file;
    }
    if (Date.now() - started > 120_000) throw new Error(`no checkpoint under ${artifacts} after 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
