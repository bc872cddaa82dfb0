import type { Curve } from './align';

/**
 * Min–max decimation: a curve longer than 2·buckets points keeps, per bucket of consecutive points, its lowest
 * and highest point in x order. The drawn line looks the same at chart width (spikes survive) while a 100k-point
 * series costs uPlot a few thousand points per redraw.
 */
export function decimateMinMax(curve: Curve, buckets: number): Curve {
  const n = curve.x.length;
  if (n <= buckets * 2) return curve;
  const x: number[] = [];
  const y: number[] = [];
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (curve.y[i] < curve.y[lo]) lo = i;
      if (curve.y[i] > curve.y[hi]) hi = i;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    x.push(curve.x[first]);
    y.push(curve.y[first]);
    if (second !== first) {
      x.push(curve.x[second]);
      y.push(curve.y[second]);
    }
  }
  // Keep the newest point exactly, so a live curve ends where training is.
  if (x[x.length - 1] !== curve.x[n - 1]) {
    x.push(curve.x[n - 1]);
    y.push(curve.y[n - 1]);
  }
  return { x, y };
}
