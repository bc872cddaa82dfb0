import type { CurveArtifact } from '../../src-shared/api/artifacts';
import { seriesColor } from '../charts/chart-colors';
import { plotAxes, type PlotAxes, type PlotSize } from './plot-layout';
import { legendWidth, type LegendEntry } from './scatter-layout';

export interface CurveSeriesLayout {
  name: string;
  color: string;
  /** SVG path data through the points in x order. */
  path: string;
  points: { x: number; y: number; cx: number; cy: number }[];
}

export interface CurveLayout {
  axes: PlotAxes;
  series: CurveSeriesLayout[];
  legend: LegendEntry[];
  /** Points left out: non-finite values, or x ≤ 0 on a log axis. */
  dropped: number;
}

export function curveLayout(content: CurveArtifact, size: PlotSize): CurveLayout {
  const logX = Boolean(content.logX);
  let dropped = 0;
  const kept = content.series.map((series) => {
    const points: { x: number; y: number }[] = [];
    const n = Math.min(series.x.length, series.y.length);
    for (let i = 0; i < n; i++) {
      const x = series.x[i];
      const y = series.y[i];
      if (Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0)) points.push({ x, y });
      else dropped++;
    }
    points.sort((a, b) => a.x - b.x);
    return { name: series.name, points };
  });
  const all = kept.flatMap((series) => series.points);
  const axes = plotAxes(
    all.map((p) => p.x),
    all.map((p) => p.y),
    { x: content.xLabel, y: content.yLabel },
    { rightMargin: content.series.length > 1 ? legendWidth(content.series.map((s) => s.name)) : 16, ...size },
    logX,
  );
  const series = kept.map((s, i) => {
    const points = s.points.map((p) => ({ ...p, cx: axes.toX(p.x), cy: axes.toY(p.y) }));
    const path = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${round(p.cx)},${round(p.cy)}`).join('');
    return { name: s.name, color: seriesColor(i), path, points };
  });
  return { axes, series, legend: series.map((s) => ({ name: s.name, color: s.color, count: s.points.length })), dropped };
}

export interface CurveHover {
  cx: number;
  x: number;
  values: { name: string; color: string; y: number; cy: number }[];
}

/** What a vertical cursor at pixel px reads: the nearest x with a point, and each series' point there. */
export function curveHover(layout: CurveLayout, px: number): CurveHover | null {
  let best: { x: number; cx: number } | null = null;
  for (const series of layout.series) {
    for (const point of series.points) {
      if (!best || Math.abs(point.cx - px) < Math.abs(best.cx - px)) best = point;
    }
  }
  if (!best) return null;
  const at = best;
  const values = layout.series.flatMap((series) => {
    const point = series.points.find((p) => p.x === at.x);
    return point ? [{ name: series.name, color: series.color, y: point.y, cy: point.cy }] : [];
  });
  return { cx: at.cx, x: at.x, values };
}

export function round(v: number): number {
  return Math.round(v * 10) / 10;
}
