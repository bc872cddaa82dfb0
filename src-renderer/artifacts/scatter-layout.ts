import type { ScatterArtifact } from '../../src-shared/api/artifacts';
import { classColor } from './color-map';
import { plotAxes, type PlotAxes, type PlotSize } from './plot-layout';

export interface ScatterPoint {
  index: number;
  x: number;
  y: number;
  cx: number;
  cy: number;
  cls: number;
  color: string;
}

export interface LegendEntry {
  name: string;
  color: string;
  /** Points of this class (scatter) or points of this series (curve). */
  count: number;
}

export interface ScatterLayout {
  axes: PlotAxes;
  points: ScatterPoint[];
  legend: LegendEntry[];
}

/** Room for the legend right of a scatter or curve plot. */
export const LEGEND_WIDTH = 110;

/** The legend's room for these names: LEGEND_WIDTH, or wider for long names (about 6.5 px a character at 11 px), at most 240 px. */
export function legendWidth(names: readonly string[]): number {
  const longest = names.reduce((n, name) => Math.max(n, name.length), 0);
  return Math.min(240, Math.max(LEGEND_WIDTH, Math.ceil(26 + 6.5 * longest)));
}

/** Pixel positions of every point, coloured by class, and a legend entry per class name. */
export function scatterLayout(content: ScatterArtifact, size: PlotSize): ScatterLayout {
  const n = Math.min(content.x.length, content.y.length);
  const xs = content.x.slice(0, n);
  const ys = content.y.slice(0, n);
  const axes = plotAxes(xs, ys, { x: content.xLabel, y: content.yLabel }, { rightMargin: LEGEND_WIDTH, ...size });
  const points: ScatterPoint[] = [];
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    const cls = content.classes[i] ?? 0;
    counts.set(cls, (counts.get(cls) ?? 0) + 1);
    points.push({ index: i, x: xs[i], y: ys[i], cx: axes.toX(xs[i]), cy: axes.toY(ys[i]), cls, color: classColor(cls) });
  }
  const classIds = new Set([...content.classNames.keys(), ...counts.keys()]);
  const legend = [...classIds]
    .sort((a, b) => a - b)
    .map((cls) => ({ name: className(content, cls), color: classColor(cls), count: counts.get(cls) ?? 0 }));
  return { axes, points, legend };
}

export function className(content: Pick<ScatterArtifact, 'classNames'>, cls: number): string {
  return content.classNames[cls] ?? `class ${cls}`;
}

/** The point nearest to (px, py) within maxDistance pixels, or null. */
export function nearestPoint<T extends { cx: number; cy: number }>(points: readonly T[], px: number, py: number, maxDistance = 12): T | null {
  let best: T | null = null;
  let bestD = maxDistance * maxDistance;
  for (const point of points) {
    const d = (point.cx - px) ** 2 + (point.cy - py) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = point;
    }
  }
  return best;
}
