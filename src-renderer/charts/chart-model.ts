import { alignCurves, type Curve } from './align';
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
  for (const request of requests) {
    const columns = metrics.series(request.runId, request.key);
    if (!columns) continue;
    curves.push({ x: xAxis === 'step' ? columns.steps : columns.epochs, y: columns.values });
    series.push({ label: request.label, color: request.color, dash: request.dash, width: request.width, points: request.points });
  }
  return { xLabel: xAxis, series, data: alignCurves(curves) };
}
