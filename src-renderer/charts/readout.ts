import { formatNumber } from '../lib/format';

export interface ReadoutItem {
  label: string;
  color: string;
  value: string;
}

/**
 * What a chart reads out at x index `idx` (or, with no cursor, at its newest point): each series' value there,
 * or its nearest point on either side, since curves sampled per step and per epoch rarely share an x.
 */
export function readout(data: readonly (readonly (number | null)[])[], series: readonly { label: string; color: string }[], idx: number | null): { x: number | null; items: ReadoutItem[] } {
  const xs = data[0] ?? [];
  if (xs.length === 0) return { x: null, items: [] };
  const at = idx === null ? xs.length - 1 : Math.max(0, Math.min(xs.length - 1, idx));
  const items = series.map((s, i) => {
    const ys = data[i + 1] ?? [];
    const found = nearest(ys, at, idx === null);
    return { label: s.label, color: s.color, value: found === null ? '—' : formatNumber(ys[found] as number) };
  });
  return { x: xs[at] as number, items };
}

function nearest(ys: readonly (number | null)[], at: number, backwardOnly: boolean): number | null {
  for (let d = 0; d < ys.length; d++) {
    if (at - d >= 0 && ys[at - d] !== null && ys[at - d] !== undefined) return at - d;
    if (!backwardOnly && at + d < ys.length && ys[at + d] !== null && ys[at + d] !== undefined) return at + d;
  }
  return null;
}

/** Axis ticks for an epoch axis: whole epochs only. */
export const WHOLE_INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
