import { alignCurves, type Curve } from './align';
import { decimateMinMax } from './decimate';
import { runningAxis } from './stage-axis';

/** Points per curve worth drawing: about two per horizontal pixel of a wide chart. */
const MAX_BUCKETS = 800;
import type { MetricBuffer } from '../state/metric-buffer';

export interface ChartSeries {
  label: string;
  color: string;
  width?: number;
  dash?: number[];
  points?: boolean;
}

export interface ChartModel {
  xLabel: string;
  /** The x axis counts whole things (epochs): its ticks are integers. */
  integerX: boolean;
  /** Points held before decimation, for the record. */
  sourcePoints: number;
  series: ChartSeries[];
  data: [number[], ...(number | null)[][]];
  /** Vertical marks where a stage of a multi-stage run begins (x on the running step or epoch axis). */
  marks: { x: number; label: string }[];
}

export type XAxis = 'step' | 'epoch';

export interface CurveRequest {
  runId: string;
  key: string;
  label: string;
  color: string;
  dash?: number[];
  width?: number;
  points?: boolean;
}

/** Builds a chart from metric series of one or more runs, on steps or on epochs. */
export function chartModel(metrics: MetricBuffer, requests: readonly CurveRequest[], xAxis: XAxis): ChartModel {
  const curves: Curve[] = [];
  const series: ChartSeries[] = [];
  const marks = new Map<number, string>();
  let sourcePoints = 0;
  for (const request of requests) {
    const columns = metrics.series(request.runId, request.key);
    if (!columns) continue;
    sourcePoints += columns.values.length;
    // Stages may count steps from 0 again: x is the running step (epoch) across the run's stages.
    const offsets = metrics.stageOffsets(request.runId);
    const x = xAxis === 'step' ? runningAxis(columns.steps, columns.stages, offsets.step) : runningAxis(columns.epochs, columns.stages, offsets.epoch);
    for (const boundary of offsets.boundaries) marks.set(xAxis === 'step' ? boundary.step : boundary.epoch, `stage ${boundary.stage + 1}`);
    curves.push(decimateMinMax({ x, y: columns.values }, MAX_BUCKETS));
    series.push({ label: request.label, color: request.color, dash: request.dash, width: request.width, points: request.points });
  }
  const xLabel = marks.size ? `${xAxis} (all stages)` : xAxis;
  return { xLabel, integerX: xAxis === 'epoch', sourcePoints, series, data: alignCurves(curves), marks: [...marks].map(([x, label]) => ({ x, label })).sort((a, b) => a.x - b.x) };
}
