import { METRIC } from '../../src-shared/api/metrics';
import type { RunSummary } from '../../src-shared/api/run';
import { FINISHED_STATUSES } from '../../src-shared/api/run';
import type { MetricBuffer } from '../state/metric-buffer';
import { formatNumber, formatTestResult } from '../lib/format';

/** A finished run's final figures, printed beside its curves: last validation metrics, then the test result. */
export function finalFigures(run: RunSummary | undefined, metrics: MetricBuffer): string[] {
  if (!run || !FINISHED_STATUSES.includes(run.status)) return [];
  const last = (key: string) => {
    const values = metrics.series(run.id, key)?.values;
    return values?.length ? values[values.length - 1] : null;
  };
  const figures: string[] = [];
  const valAcc = last(METRIC.valAcc);
  if (valAcc !== null) figures.push(`validation accuracy ${(valAcc * 100).toFixed(1)}%`);
  const valRmse = last(METRIC.valRmse);
  if (valRmse !== null) figures.push(`validation RMSE ${formatNumber(valRmse)}`);
  const valLoss = last(METRIC.valLoss);
  if (valLoss !== null) figures.push(`validation loss ${formatNumber(valLoss)}`);
  if (run.testErrors !== null || run.testRmse !== null) figures.push(run.testErrors !== null ? `test error ${formatTestResult(run)}` : `test ${formatTestResult(run)}`);
  return figures;
}
