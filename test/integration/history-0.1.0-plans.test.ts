import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanService } from '../../src-main/services/plans/plan-service';
import { RunManager } from '../../src-main/services/run-manager';
import { StudyService } from '../../src-main/services/study/study-service';
import { createNodeTrainerHost } from '../../src-main/services/trainer-host-node';
import { RunStore } from '../../src-main/store';
import { lastJsonLine, ROOT, runCli, tempDir, writeJson } from './cli-helpers';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'history-0.1.0');
/** What `layerlab study --json` printed when 0.1.0 wrote the fixture. */
const STORED = JSON.parse(readFileSync(`${FIXTURE}.study.json`, 'utf8'));

function copyOfFixture(): string {
  const dataDir = tempDir('layerlab-0.1.0-');
  cpSync(FIXTURE, dataDir, { recursive: true });
  return dataDir;
}

// 0.1.0 reported differences as noDropout − dropout and its headline the other way round; every
// difference is now dropout − noDropout (A − B), in the headline as in the numbers.
const VERDICT =
  'no significant difference: dropout changed test error vs no dropout by −11.5 errors of 1,000 (95% CI −449.9 to +426.9), paired t over 2 seeds, p = 0.80';

describe('a history written by 0.1.0 (spirals dropout study, 2 seeds × 2 epochs)', () => {
  it('opens with its study intact: the same runs, statistics and verdict, as a dropout plan', async () => {
    const store = RunStore.open(copyOfFixture());
    const manager = new RunManager({ store, trainerHostFactory: () => createNodeTrainerHost() });
    try {
      const studies = new StudyService(store, manager, new PlanService(store, manager));
      const [summary] = studies.list();
      expect(summary).toMatchObject({ id: STORED.studyId, status: 'completed', runsCompleted: 4, runsTotal: 4, options: { seeds: 2, epochs: 2 } });
      const detail = await studies.get(STORED.studyId);
      expect(detail.runs.map((run) => [run.variant, run.seed, run.status])).toEqual([
        ['dropout', 1, 'completed'],
        ['noDropout', 1, 'completed'],
        ['dropout', 2, 'completed'],
        ['noDropout', 2, 'completed'],
      ]);
      const stats = detail.statistics!;
      expect(stats.variants).toEqual(STORED.variants);
      expect(stats.seeds).toEqual(STORED.seeds);
      expect(stats.testCount).toBe(STORED.testCount);
      expect(stats.epochs).toBe(STORED.epochs);
      expect(stats.pairedT).toEqual({ t: -STORED.pairedT.t, df: STORED.pairedT.df, p: STORED.pairedT.p });
      // V sums the ranks of the positive differences; with the sign turned it is n(n + 1)/2 − V.
      expect(stats.wilcoxon).toEqual({ statistic: 3 - STORED.wilcoxon.statistic, n: 2, p: STORED.wilcoxon.p, method: STORED.wilcoxon.method });
      expect(stats.mcnemar).toMatchObject({ p: STORED.mcnemar.p, method: STORED.mcnemar.method, perSeed: STORED.mcnemar.perSeed });
      expect(stats.meanDifference).toBe(-STORED.meanDifference);
      expect(stats.ci95).toEqual([-STORED.ci95[1], -STORED.ci95[0]]);
      expect(stats.verdict).toBe(VERDICT);
      expect(stats.mcnemarNote).toMatch(/^The pooled McNemar test \(p = 0\.15\) sums over the seeds .*dropout: 128, no dropout: 105\)\..*Here both tests agree\.$/);

      const plans = new PlanService(store, manager);
      const [plan] = plans.list();
      expect(plan).toMatchObject({ id: STORED.studyId, kind: 'dropout', status: 'completed', headline: VERDICT, progress: { runsDone: 4, runsTotal: 4, fraction: 1, etaMs: 0 } });
    } finally {
      await manager.close();
      store.close();
    }
  });

  it('`layerlab study` with the same template finds it (keyed by 0.1.0 with its seed count) and a third seed reuses its 4 runs', async () => {
    const dataDir = copyOfFixture();
    const reader = RunStore.open(dataDir);
    const template = reader.studies.get(STORED.studyId)!.template;
    reader.close();
    const file = writeJson(tempDir(), 'spirals-dropout.json', template);

    const same = await runCli(['study', file, '--seeds', '2', '--epochs', '2', '--data-dir', dataDir, '--json']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toMatch(new RegExp(`study ${STORED.studyId}: 4 runs .*resuming: 4 of 4 runs already done, 0 to run`));
    expect(lastJsonLine(same.stdout)).toMatchObject({ studyId: STORED.studyId, variants: STORED.variants, verdict: VERDICT });

    const more = await runCli(['study', file, '--seeds', '3', '--epochs', '2', '--data-dir', dataDir, '--json']);
    expect(more.code, more.stderr).toBe(0);
    expect(more.stderr).toMatch(new RegExp(`study ${STORED.studyId}: 6 runs .*resuming: 4 of 6 runs already done, 2 to run`));
    const result = lastJsonLine<{ studyId: string; seeds: number[]; variants: Record<string, { testErrors: number[] }> }>(more.stdout);
    expect(result.seeds).toEqual([1, 2, 3]);
    expect(result.variants.dropout.testErrors.slice(0, 2)).toEqual(STORED.variants.dropout.testErrors);
    expect(result.variants.noDropout.testErrors.slice(0, 2)).toEqual(STORED.variants.noDropout.testErrors);
  }, 120_000);
});
