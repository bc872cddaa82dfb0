/** Scales and ticks for the artifact plots: pure functions, no DOM. */

export interface Tick {
  value: number;
  label: string;
}

/** The finite min and max of some values; [0, 1] when there are none, widened around a single value. */
export function extent(values: Iterable<number>, positiveOnly = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return positiveOnly ? [1, 10] : [0, 1];
  if (lo === hi) {
    if (positiveOnly) return [lo / 2, hi * 2];
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** A step of 1, 2 or 5 × 10^k that cuts [lo, hi] into about `count` intervals. */
export function niceStep(lo: number, hi: number, count = 5): number {
  const raw = Math.abs(hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * power;
}

/** The domain widened to whole steps, so the axis starts and ends on a tick. */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  const step = niceStep(lo, hi, count);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** Ticks at multiples of the nice step inside [lo, hi], labelled with as many decimals as the step needs. */
export function linearTicks(lo: number, hi: number, count = 5): Tick[] {
  const step = niceStep(lo, hi, count);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: Tick[] = [];
  for (let i = first; i <= last && ticks.length < 50; i++) {
    const value = i * step;
    ticks.push({ value, label: formatTick(value, step) });
  }
  return ticks;
}

/** Ticks of a log axis: powers of ten; with fewer than two inside the domain, also 2× and 5× them. */
export function logTicks(lo: number, hi: number): Tick[] {
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const within = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const powers: number[] = [];
  for (let k = from; k <= to; k++) if (within(10 ** k)) powers.push(10 ** k);
  let values = powers;
  if (powers.length < 2) {
    values = [];
    for (let k = from; k <= to; k++) for (const m of [1, 2, 5]) if (within(m * 10 ** k)) values.push(m * 10 ** k);
  }
  return values.map((value) => ({ value, label: formatNumberShort(value) }));
}

/** A tick label: as many decimals as the step has, never "-0". */
export function formatTick(value: number, step: number): string {
  if (Math.abs(value) < step * 1e-6) return '0';
  if (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3) return formatNumberShort(value);
  return value.toFixed(decimalsOf(step));
}

function decimalsOf(step: number): number {
  return Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
}

/** A value for a tooltip or a scale bar: 4 significant digits, plain for everyday magnitudes. */
export function formatNumberShort(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(2).replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}

/** Maps a domain onto pixels; log scales take log10 first (non-positive values map to NaN). */
export function scale(domain: [number, number], range: [number, number], log = false): (value: number) => number {
  const f = log ? (v: number) => (v > 0 ? Math.log10(v) : NaN) : (v: number) => v;
  const d0 = f(domain[0]);
  const d1 = f(domain[1]);
  const span = d1 - d0 || 1;
  return (value: number) => range[0] + ((f(value) - d0) / span) * (range[1] - range[0]);
}
