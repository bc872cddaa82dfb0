import { alignCurves, type Curve } from './align';
import { decimateMinMax } from './decimate';

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
  /** Points held before decimation, for the record. */
  sourcePoints: number;
  series: ChartSeries[];
  data: [number[], ...(number | null)[][]];
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
  let sourcePoints = 0;
  for (const request of requests) {
    const columns = metrics.series(request.runId, request.key);
    if (!columns) continue;
    sourcePoints += columns.values.length;
    curves.push(decimateMinMax({ x: xAxis === 'step' ? columns.steps : columns.epochs, y: columns.values }, MAX_BUCKETS));
    series.push({ label: request.label, color: request.color, dash: request.dash, width: request.width, points: request.points });
  }
  return { xLabel: xAxis, sourcePoints, series, data: alignCurves(curves) };
}
