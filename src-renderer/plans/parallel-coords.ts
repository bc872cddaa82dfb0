/**
 * Scales for a parallel-coordinates plot: one vertical axis per varied setting plus the objective, each
 * mapping its values to t in [0, 1] (0 at the bottom). Numbers get a linear or log axis; anything else
 * (enums, max-norm objects, "off") a categorical one with its values evenly spaced.
 */

export interface AxisInput {
  key: string;
  label: string;
  /** One value per row; null or undefined where a row has none (an objective not reached yet). */
  values: readonly unknown[];
  /** Drawn on a log axis when every value is above 0 (log-distributed settings, learning rates). */
  log?: boolean;
  /** null means "no value" (an objective) rather than "off" (a setting). */
  nullIsMissing?: boolean;
  /** Spaced as categories even when every value is a number. */
  categorical?: boolean;
  /** How a numeric tick reads (default formatTick): e.g. an error rate as a percentage. */
  format?: (value: number) => string;
}

export interface Tick {
  t: number;
  label: string;
}

export interface Axis {
  key: string;
  label: string;
  kind: 'linear' | 'log' | 'category';
  ticks: Tick[];
  /** Where a value sits on the axis, or null when it has no place (missing). */
  position(value: unknown): number | null;
}

/** Distinct values listed as ticks up to this many, and only when no two sit closer than MIN_TICK_GAP; else round-number ticks. */
const MAX_VALUE_TICKS = 6;
const MIN_TICK_GAP = 0.07;

export function buildAxis(input: AxisInput): Axis {
  const present = input.values.filter((value) => value !== undefined && !(input.nullIsMissing && value === null));
  const numeric = !input.categorical && present.length > 0 && present.every((value) => typeof value === 'number' && Number.isFinite(value));
  return numeric ? numericAxis(input, present as number[]) : categoryAxis(input, present);
}

function numericAxis(input: AxisInput, numbers: number[]): Axis {
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const log = Boolean(input.log) && low > 0;
  const f = log ? Math.log10 : (x: number) => x;
  const a = f(low);
  const b = f(high);
  const position = (value: unknown): number | null => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (log && value <= 0)) return null;
    return b === a ? 0.5 : (f(value) - a) / (b - a);
  };
  const distinct = [...new Set(numbers)].sort((x, y) => x - y);
  const spread = distinct.every((value, i) => i === 0 || position(value)! - position(distinct[i - 1])! >= MIN_TICK_GAP);
  const tickValues = distinct.length <= MAX_VALUE_TICKS && spread ? distinct : log ? logTicks(low, high) : niceTicks(low, high);
  const format = input.format ?? formatTick;
  const ticks = tickValues.map((value) => ({ t: position(value)!, label: format(value) })).filter((tick) => tick.t !== null && tick.t >= -1e-9 && tick.t <= 1 + 1e-9);
  return { key: input.key, label: input.label, kind: log ? 'log' : 'linear', ticks, position };
}

function categoryAxis(input: AxisInput, present: unknown[]): Axis {
  const labels: string[] = [];
  for (const value of present) {
    const label = categoryLabel(value);
    if (!labels.includes(label)) labels.push(label);
  }
  labels.sort(compareLabels);
  const spot = (i: number) => (labels.length === 1 ? 0.5 : i / (labels.length - 1));
  return {
    key: input.key,
    label: input.label,
    kind: 'category',
    ticks: labels.map((label, i) => ({ t: spot(i), label })),
    position: (value) => {
      if (value === undefined || (input.nullIsMissing && value === null)) return null;
      const i = labels.indexOf(categoryLabel(value));
      return i < 0 ? null : spot(i);
    },
  };
}

/** "off" first, then numbers by size, then text. */
function compareLabels(x: string, y: string): number {
  if (x === 'off' || y === 'off') return x === y ? 0 : x === 'off' ? -1 : 1;
  const nx = Number(x);
  const ny = Number(y);
  if (Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
  return x.localeCompare(y);
}

export function categoryLabel(value: unknown): string {
  if (value === null) return 'off';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatTick(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) return `${entries[0][0]} ${categoryLabel(entries[0][1])}`;
  }
  return JSON.stringify(value);
}

/** 1, 2 or 5 times a power of ten, about `count` of them across [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => (high - low) / s <= count) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Powers of ten across [low, high]; with fewer than two of them, 1-2-5 steps, else the two ends. */
export function logTicks(low: number, high: number): number[] {
  const decades: number[] = [];
  for (let k = Math.ceil(Math.log10(low) - 1e-9); k <= Math.floor(Math.log10(high) + 1e-9); k++) decades.push(Number((10 ** k).toPrecision(12)));
  if (decades.length >= 2) return decades;
  const steps: number[] = [];
  for (let k = Math.floor(Math.log10(low)); k <= Math.ceil(Math.log10(high)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)) steps.push(v);
    }
  }
  return steps.length >= 2 ? steps : [low, high];
}

/** 0.001 → "0.001", 0.00003 → "3e-5", 64 → "64", 12345 → "12,345", 0.123456 → "0.1235". */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e6) {
    const [mantissa, exponent] = value.toExponential(2).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

export interface PolylinePoint {
  x: number;
  y: number;
}

/**
 * One row as the segments of its polyline: consecutive axes where the row has a value are joined;
 * a missing value breaks the line. `x` is the axis index, `y` its t.
 */
export function rowSegments(axes: readonly Axis[], row: readonly unknown[]): PolylinePoint[][] {
  const segments: PolylinePoint[][] = [];
  let current: PolylinePoint[] = [];
  axes.forEach((axis, i) => {
    const t = axis.position(row[i]);
    if (t === null) {
      if (current.length) segments.push(current);
      current = [];
    } else {
      current.push({ x: i, y: t });
    }
  });
  if (current.length) segments.push(current);
  return segments;
}
