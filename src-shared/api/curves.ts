/**
 * Metric curves as typed columns: what `runs.curves` returns. Over Electron IPC the arrays travel by structured
 * clone; over the headless host as base64 (typed-json.ts). Points are in (stage, step) order.
 */
export interface CurveColumns {
  /** The stage of each point (0 for single-stage runs). */
  stage: Uint16Array;
  step: Float64Array;
  epoch: Float64Array;
  wallMs: Float64Array;
  /** NaN where the trainer reported a non-number. */
  value: Float64Array;
  /** Points stored in the requested range before downsampling. */
  stored: number;
  /** True when points were left out (per bucket, only the lowest and highest were kept). */
  downsampled: boolean;
}

export type RunCurves = Record<string, CurveColumns>;

export interface CurvesQuery {
  runId: string;
  keys?: string[];
  /** The chart's width in pixels: at most two points per pixel come back (min and max per bucket). Absent: every point. */
  width?: number;
  /** The visible range on the step axis (inclusive), for a zoomed chart; absent: the whole curve. Single-stage runs. */
  fromStep?: number;
  toStep?: number;
}

/**
 * Min–max downsampling into `buckets` buckets of consecutive points: each bucket keeps its lowest and highest
 * point in step order (a spike survives at any width); the first and last points are kept exactly. NaN
 * points are dropped from buckets that have numbers.
 */
export function downsampleMinMax(curve: CurveColumns, buckets: number): CurveColumns {
  const n = curve.step.length;
  if (buckets < 1 || n <= buckets * 2) return curve;
  const keep = new Uint32Array(buckets * 2 + 2);
  let kept = 0;
  const push = (i: number) => {
    if (kept === 0 || keep[kept - 1] !== i) keep[kept++] = i;
  };
  // Buckets by position in (stage, step) order; steps rise within a stage, so this is equal step width there.
  const size = n / buckets;
  push(0);
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = curve.value[i];
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < curve.value[lo]) lo = i;
      if (hi < 0 || v > curve.value[hi]) hi = i;
    }
    if (lo < 0) {
      push(start);
      continue;
    }
    push(Math.min(lo, hi));
    push(Math.max(lo, hi));
  }
  push(n - 1);
  const pick = <T extends Float64Array | Uint16Array>(column: T, make: (length: number) => T): T => {
    const out = make(kept);
    for (let j = 0; j < kept; j++) out[j] = column[keep[j]];
    return out;
  };
  const f64 = (length: number) => new Float64Array(length);
  return {
    stage: pick(curve.stage, (length) => new Uint16Array(length)),
    step: pick(curve.step, f64),
    epoch: pick(curve.epoch, f64),
    wallMs: pick(curve.wallMs, f64),
    value: pick(curve.value, f64),
    stored: curve.stored,
    downsampled: true,
  };
}
