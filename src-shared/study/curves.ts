import type { MetricSeries } from '../api/metrics';
import { mean, sampleSd } from '../stats/descriptive';
import type { CurveBand } from './types';

/** Mean ± sd across runs of each metric, epoch by epoch; an epoch counts only the runs that reached it. */
export function curveBands(runs: readonly MetricSeries[], keys: readonly string[]): Record<string, CurveBand> {
  const bands: Record<string, CurveBand> = {};
  for (const key of keys) {
    const byEpoch = new Map<number, number[]>();
    for (const series of runs) {
      for (const point of series[key] ?? []) {
        if (!Number.isFinite(point.value)) continue;
        const values = byEpoch.get(point.epoch) ?? [];
        values.push(point.value);
        byEpoch.set(point.epoch, values);
      }
    }
    const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
    bands[key] = {
      epochs,
      mean: epochs.map((epoch) => mean(byEpoch.get(epoch)!)),
      sd: epochs.map((epoch) => {
        const sd = sampleSd(byEpoch.get(epoch)!);
        return Number.isNaN(sd) ? 0 : sd;
      }),
      count: epochs.map((epoch) => byEpoch.get(epoch)!.length),
    };
  }
  return bands;
}
