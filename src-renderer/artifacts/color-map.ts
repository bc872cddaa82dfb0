/** Colours of the artifact viewer: pixel values to grey or blue–white–red, classes to distinct hues. */

export type Rgb = [number, number, number];
export type ColorScaleKind = 'grey' | 'diverging';

/** Ten hues that stay apart on light and dark backgrounds (Tableau 10), then repeated. */
export const CLASS_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function classColor(index: number): string {
  return CLASS_COLORS[((index % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

const clamp01 = (t: number) => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0);

/**
 * A value's colour. Grey: range[0] is black, range[1] white, linear between. Diverging: 0 is white,
 * -m blue and +m red with m the larger of |range[0]| and |range[1]|.
 */
export function valueColor(value: number, range: readonly [number, number], kind: ColorScaleKind = 'grey'): Rgb {
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(range[0]), Math.abs(range[1])) || 1;
    const t = clamp01(Math.abs(value) / m);
    const off = Math.round(255 * (1 - t));
    return value < 0 ? [off, off, 255] : [255, off, off];
  }
  const span = range[1] - range[0] || 1;
  const g = Math.round(255 * clamp01((value - range[0]) / span));
  return [g, g, g];
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r},${g},${b})`;
}

/** One image's pixels (row-major, height × width) as RGBA bytes for ImageData. */
export function imageRgba(pixels: readonly number[], shape: readonly [number, number], range: readonly [number, number], kind: ColorScaleKind = 'grey'): Uint8ClampedArray {
  const size = shape[0] * shape[1];
  const out = new Uint8ClampedArray(size * 4);
  for (let i = 0; i < size; i++) {
    const [r, g, b] = valueColor(pixels[i] ?? NaN, range, kind);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Stops of the colour bar from range[0] (offset 0) to range[1] (offset 1). */
export function colorBarStops(range: readonly [number, number], kind: ColorScaleKind = 'grey'): { offset: number; color: string }[] {
  const n = kind === 'diverging' ? 5 : 2;
  return Array.from({ length: n }, (_, i) => {
    const offset = i / (n - 1);
    return { offset, color: rgbCss(valueColor(range[0] + offset * (range[1] - range[0]), range, kind)) };
  });
}

/** The same stops as a CSS linear-gradient, left to right. */
export function colorBarGradient(range: readonly [number, number], kind: ColorScaleKind = 'grey'): string {
  return `linear-gradient(to right, ${colorBarStops(range, kind).map((stop) => `${stop.color} ${(stop.offset * 100).toFixed(0)}%`).join(', ')})`;
}
