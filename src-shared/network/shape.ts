import type { Shape } from './types';

/** "28×28×1"; a scalar (rank 0) is "scalar". */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/** Number of values in one example of this shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/** A value as it should be quoted in an error message: NaN, -5, "relu", [28, -1]. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value === null || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}
