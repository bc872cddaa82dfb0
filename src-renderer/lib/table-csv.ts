import type { RunComparison } from '../../src-shared/api/contract';
import type { RunSummary } from '../../src-shared/api/run';
import { toCsv } from '../../src-shared/export/csv';
import type { PlanSlotDetail, SweepResult } from '../../src-shared/plans/types';
import { sweepColumns } from '../plans/sweep-table';

/** The tables' numbers as CSV, unrounded (the screen rounds them): compare, sweep results, a plan's runs. */

export function finalMetricsCsv(runs: readonly RunSummary[]): string {
  return toCsv(
    ['run', 'run_id', 'status', 'test_errors', 'test_error_rate', 'final_loss', 'epochs_done', 'epochs', 'wall_ms', 'seed'],
    runs.map((run) => [run.name, run.id, run.status, run.testErrors, run.testErrorRate, run.finalLoss, run.epochsDone, run.epochs, run.wallMs, run.seed]),
  );
}

/** The settings that differ, one row per setting path, one column per run. */
export function settingsCsv(comparison: RunComparison): string {
  return toCsv(['setting', ...comparison.runs.map((run) => run.name)], comparison.differingSettings.map((setting) => [setting.path, ...setting.values]));
}

/** Every column of the sweep table by its raw value, in the slot order of the plan. */
export function sweepCsv(sweep: SweepResult): string {
  const columns = sweepColumns(sweep);
  const cell = (value: unknown) => (value === null || value === undefined || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : JSON.stringify(value));
  return toCsv([...columns.map((column) => column.key), 'slot', 'run_id'], sweep.rows.map((row) => [...columns.map((column) => cell(column.value(row))), row.slot, row.runId]));
}

/** A plan's (study's, ablation's) runs: one row per slot with its arm, seed and results. */
export function planRunsCsv(slots: readonly PlanSlotDetail[]): string {
  return toCsv(
    ['arm', 'arm_label', 'seed', 'status', 'test_errors', 'test_error_rate', 'test_rmse', 'final_loss', 'epochs_done', 'wall_ms', 'run_id'],
    slots.map(({ arm, armLabel, seed, run }) => [arm, armLabel, seed, run?.status ?? 'not started', run?.testErrors, run?.testErrorRate, run?.testRmse, run?.finalLoss, run?.epochsDone, run?.wallMs, run?.runId]),
  );
}
