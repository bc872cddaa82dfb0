import type { PlanObjective, SweepResult, SweepRow } from '../../src-shared/plans/types';
import { formatDuration, formatNumber } from '../lib/format';
import { categoryLabel, formatTick } from './parallel-coords';
import { nameOfPath } from './settings';

/** A column of the sweep results table: what it shows and what it sorts by. */
export interface SweepColumn {
  key: string;
  label: string;
  title?: string;
  numeric: boolean;
  value(row: SweepRow): unknown;
  text(row: SweepRow): string;
}

export function formatObjective(key: PlanObjective, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (key === 'testErrorRate') return `${(value * 100).toFixed(2)}%`;
  if (key === 'testErrors') return Math.round(value).toLocaleString('en-US');
  return formatNumber(value);
}

/** "g3" → "grid 3", "r2" → "random 2": which point of the sweep a row is. */
export function trialName(arm: string): string {
  const match = /^([gr])(\d+)$/.exec(arm);
  return match ? `${match[1] === 'g' ? 'grid' : 'random'} ${match[2]}` : arm;
}

/** Trial, every varied setting, seed, status, the objective, then the other final metrics and time. */
export function sweepColumns(sweep: SweepResult): SweepColumn[] {
  const settingColumns = sweep.axes.map((axis): SweepColumn => ({
    key: `setting:${axis.path}`,
    label: nameOfPath(axis.path),
    title: axis.path,
    numeric: axis.scale !== 'category',
    value: (row) => row.settings[axis.path],
    text: (row) => {
      const v = row.settings[axis.path];
      return v === undefined ? '—' : typeof v === 'number' ? formatTick(v) : categoryLabel(v);
    },
  }));
  const objective = sweep.objective.key;
  const metric = (key: PlanObjective, label: string): SweepColumn => ({
    key: `metric:${key}`,
    label,
    numeric: true,
    value: (row) => row[key],
    text: (row) => formatObjective(key, row[key]),
  });
  const metrics = [metric('testErrorRate', 'test error'), metric('testErrors', 'test errors'), metric('testRmse', 'test RMSE'), metric('finalLoss', 'final loss')].filter(
    (column) => column.key !== `metric:${objective}` && sweep.rows.some((row) => column.value(row) !== null),
  );
  return [
    { key: 'arm', label: 'trial', numeric: false, value: (row) => row.arm, text: (row) => trialName(row.arm) },
    ...settingColumns,
    { key: 'seed', label: 'seed', numeric: true, value: (row) => row.seed, text: (row) => String(row.seed) },
    { key: 'status', label: 'status', numeric: false, value: (row) => row.status, text: (row) => row.status },
    { key: 'objective', label: sweep.objective.label, title: `objective (lower is better): ${objective}`, numeric: true, value: (row) => row.objective, text: (row) => formatObjective(objective, row.objective) },
    ...metrics,
    { key: 'time', label: 'time', numeric: true, value: (row) => row.wallMs, text: (row) => formatDuration(row.wallMs) },
  ];
}
