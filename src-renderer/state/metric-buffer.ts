import type { MetricPoint, MetricSeries } from '../../src-shared/api/metrics';

export interface SeriesColumns {
  steps: number[];
  epochs: number[];
  values: number[];
}

/**
 * Every metric point of the runs on screen, kept in plain arrays (not reactive: 100k points would be too
 * many proxies). `version` is bumped by the owner so charts know to redraw.
 */
export class MetricBuffer {
  private runs = new Map<string, Map<string, SeriesColumns>>();

  series(runId: string, key: string): SeriesColumns | undefined {
    return this.runs.get(runId)?.get(key);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  pointCount(runId: string): number {
    let count = 0;
    for (const columns of this.runs.get(runId)?.values() ?? []) count += columns.values.length;
    return count;
  }

  /** Appends points; a point at or before the last step of its key is a duplicate (already loaded) and is skipped. */
  append(runId: string, points: readonly MetricPoint[]): number {
    let run = this.runs.get(runId);
    if (!run) this.runs.set(runId, (run = new Map()));
    let added = 0;
    for (const point of points) {
      let columns = run.get(point.key);
      if (!columns) run.set(point.key, (columns = { steps: [], epochs: [], values: [] }));
      const last = columns.steps.length ? columns.steps[columns.steps.length - 1] : -Infinity;
      if (point.step <= last && columns.steps.length > 0) continue;
      columns.steps.push(point.step);
      columns.epochs.push(point.epoch);
      columns.values.push(point.value);
      added++;
    }
    return added;
  }

  /** Replaces a run's series with what the store returned (it holds everything sent so far). */
  load(runId: string, series: MetricSeries): void {
    const run = new Map<string, SeriesColumns>();
    for (const [key, points] of Object.entries(series)) {
      run.set(key, { steps: points.map((p) => p.step), epochs: points.map((p) => p.epoch), values: points.map((p) => p.value) });
    }
    const live = this.runs.get(runId);
    this.runs.set(runId, run);
    // Points that arrived by event while the request was in flight are newer than the stored ones.
    if (live) {
      for (const [key, columns] of live) {
        this.append(runId, columns.steps.map((step, i) => ({ key, step, epoch: columns.epochs[i], wallMs: 0, value: columns.values[i] })));
      }
    }
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }
}
