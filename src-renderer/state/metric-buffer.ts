import type { MetricPoint, MetricSeries } from '../../src-shared/api/metrics';
import type { RunCurves } from '../../src-shared/api/curves';
import { stageOffsets, type StageExtent, type StageOffsets } from '../charts/stage-axis';

export interface SeriesColumns {
  /** The stage of each point (0 for single-stage runs); points are in (stage, step) order. */
  stages: number[];
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
  private offsets = new Map<string, StageOffsets>();

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

  /** Where each stage of a run begins on the charts' running step and epoch axes (see stage-axis.ts). */
  stageOffsets(runId: string): StageOffsets {
    let offsets = this.offsets.get(runId);
    if (!offsets) {
      const extents = new Map<number, StageExtent>();
      for (const columns of this.runs.get(runId)?.values() ?? []) {
        columns.stages.forEach((stage, i) => {
          const extent = extents.get(stage);
          const step = columns.steps[i];
          const epoch = columns.epochs[i];
          if (!extent) extents.set(stage, { stage, minStep: step, maxStep: step, minEpoch: epoch, maxEpoch: epoch });
          else {
            extent.minStep = Math.min(extent.minStep, step);
            extent.maxStep = Math.max(extent.maxStep, step);
            extent.minEpoch = Math.min(extent.minEpoch, epoch);
            extent.maxEpoch = Math.max(extent.maxEpoch, epoch);
          }
        });
      }
      this.offsets.set(runId, (offsets = stageOffsets([...extents.values()])));
    }
    return offsets;
  }

  /**
   * Appends points; a point at or before the last (stage, step) of its key is a duplicate (already loaded) and
   * is skipped. A later stage's points come after, even when its steps start again at 0.
   */
  append(runId: string, points: readonly MetricPoint[]): number {
    let run = this.runs.get(runId);
    if (!run) this.runs.set(runId, (run = new Map()));
    let added = 0;
    for (const point of points) {
      let columns = run.get(point.key);
      if (!columns) run.set(point.key, (columns = { stages: [], steps: [], epochs: [], values: [] }));
      const stage = point.stage ?? 0;
      const n = columns.steps.length;
      if (n > 0) {
        const lastStage = columns.stages[n - 1];
        if (stage < lastStage || (stage === lastStage && point.step <= columns.steps[n - 1])) continue;
      }
      columns.stages.push(stage);
      columns.steps.push(point.step);
      columns.epochs.push(point.epoch);
      columns.values.push(point.value);
      added++;
    }
    if (added > 0) this.offsets.delete(runId);
    return added;
  }

  /** Replaces a run's series with what the store returned (it holds everything sent so far). */
  load(runId: string, series: MetricSeries): void {
    const run = new Map<string, SeriesColumns>();
    for (const [key, points] of Object.entries(series)) {
      run.set(key, { stages: points.map((p) => p.stage ?? 0), steps: points.map((p) => p.step), epochs: points.map((p) => p.epoch), values: points.map((p) => p.value) });
    }
    this.replace(runId, run);
  }

  /** Replaces a run's series with typed columns from runs.curves (downsampled to the chart's width where long). */
  loadCurves(runId: string, curves: RunCurves): void {
    const run = new Map<string, SeriesColumns>();
    for (const [key, curve] of Object.entries(curves)) {
      run.set(key, { stages: Array.from(curve.stage), steps: Array.from(curve.step), epochs: Array.from(curve.epoch), values: Array.from(curve.value) });
      if (curve.downsampled) this.downsampled.add(`${runId}\n${key}`);
      else this.downsampled.delete(`${runId}\n${key}`);
    }
    this.replace(runId, run);
  }

  /** True when the run's curve was loaded downsampled: a zoomed chart fetches its range in full. */
  isDownsampled(runId: string, key: string): boolean {
    return this.downsampled.has(`${runId}\n${key}`);
  }

  private downsampled = new Set<string>();

  private replace(runId: string, run: Map<string, SeriesColumns>): void {
    const live = this.runs.get(runId);
    this.runs.set(runId, run);
    this.offsets.delete(runId);
    // Points that arrived by event while the request was in flight are newer than the stored ones.
    if (live) {
      for (const [key, columns] of live) {
        this.append(runId, columns.steps.map((step, i) => ({ key, stage: columns.stages[i], step, epoch: columns.epochs[i], wallMs: 0, value: columns.values[i] })));
      }
    }
  }

  forget(runId: string): void {
    this.runs.delete(runId);
    this.offsets.delete(runId);
  }
}
