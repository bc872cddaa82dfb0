import { mean, sampleSd } from '../stats/descriptive';
import type { RunStatus } from '../api/run';
import type { PlanArm, PlanObjective, PlanSlot, SweepAxis, SweepPlanDef, SweepResult, SweepRow } from './types';
import type { Task } from '../api/records';

export const OBJECTIVE_LABELS: Record<PlanObjective, string> = {
  testErrorRate: 'test error rate',
  testErrors: 'test errors',
  testRmse: 'test RMSE',
  finalLoss: 'final training loss',
};

/** What a sweep row needs of a slot's latest run. */
export interface SweepRunOutcome {
  runId: string;
  status: RunStatus;
  task: Task | null;
  testErrors: number | null;
  testErrorRate: number | null;
  testRmse: number | null;
  finalLoss: number | null;
  wallMs: number | null;
}

/** The sweep's objective: the one asked for, else test RMSE for regression data and the test error rate otherwise. */
export function sweepObjective(plan: SweepPlanDef, runs: readonly (SweepRunOutcome | undefined)[]): PlanObjective {
  if (plan.objective) return plan.objective;
  return runs.some((run) => run?.task === 'regression') ? 'testRmse' : 'testErrorRate';
}

const byValue = (x: number | null, y: number | null): number => (x === null ? (y === null ? 0 : 1) : y === null ? -1 : x - y);

/** The results table (best first), per-arm means over seeds, the best row and arm, and the varied settings as axes. */
export function sweepResult(
  plan: SweepPlanDef,
  arms: readonly PlanArm[],
  slots: readonly { slot: PlanSlot; run: SweepRunOutcome | undefined }[],
): SweepResult {
  const key = sweepObjective(plan, slots.map((s) => s.run));
  const armOf = new Map(arms.map((arm) => [arm.key, arm]));
  const settingsOf = (arm: PlanArm) => Object.fromEntries(arm.overrides.map((o) => [o.path, o.value]));
  const rows: SweepRow[] = slots.map(({ slot, run }) => {
    const arm = armOf.get(slot.arm)!;
    const value = run?.status === 'completed' ? run[key] : null;
    return {
      slot: slot.key,
      arm: slot.arm,
      armLabel: arm.label,
      settings: settingsOf(arm),
      seed: slot.seed,
      runId: run?.runId ?? null,
      status: run?.status ?? 'not started',
      objective: typeof value === 'number' && Number.isFinite(value) ? value : null,
      testErrors: run?.testErrors ?? null,
      testErrorRate: run?.testErrorRate ?? null,
      testRmse: run?.testRmse ?? null,
      finalLoss: run?.finalLoss ?? null,
      wallMs: run?.wallMs ?? null,
    };
  });
  rows.sort((x, y) => byValue(x.objective, y.objective));

  const armSummaries = arms.map((arm) => {
    const values = rows.filter((row) => row.arm === arm.key && row.objective !== null).map((row) => row.objective!);
    const sd = sampleSd(values);
    return {
      arm: arm.key,
      label: arm.label,
      settings: settingsOf(arm),
      objectiveMean: values.length ? mean(values) : null,
      objectiveSd: Number.isNaN(sd) ? null : sd,
      seedsCompleted: values.length,
    };
  });
  armSummaries.sort((x, y) => byValue(x.objectiveMean, y.objectiveMean));

  const logPaths = new Set(plan.random?.space.filter((dim) => dim.dist === 'log-uniform').map((dim) => dim.path));
  const paths = [...new Set(arms.flatMap((arm) => arm.overrides.map((o) => o.path)))];
  const axes: SweepAxis[] = paths.map((path) => {
    const values: unknown[] = [];
    const seen = new Set<string>();
    for (const arm of arms) {
      const override = arm.overrides.find((o) => o.path === path);
      if (override && !seen.has(JSON.stringify(override.value))) {
        seen.add(JSON.stringify(override.value));
        values.push(override.value);
      }
    }
    const numeric = values.every((value) => typeof value === 'number');
    return { path, scale: !numeric ? 'category' : logPaths.has(path) ? 'log' : 'linear', values };
  });

  return {
    objective: { key, label: OBJECTIVE_LABELS[key], direction: 'min' },
    rows,
    bestSlot: rows[0]?.objective !== null && rows[0] ? rows[0].slot : null,
    arms: armSummaries,
    bestArm: armSummaries[0]?.objectiveMean !== null && armSummaries[0] ? armSummaries[0].arm : null,
    axes,
  };
}
