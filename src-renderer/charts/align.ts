/** One curve before alignment: x values ascending, y values beside them. */
export interface Curve {
  x: readonly number[];
  y: readonly number[];
}

/**
 * uPlot wants one shared x column; curves sampled at different x (per-step loss, per-epoch validation)
 * are merged on the union of their x values, with null where a curve has no point (drawn with spanGaps).
 * A k-way merge: linear in the total number of points, fine for 100k points per frame.
 */
export function alignCurves(curves: readonly Curve[]): [number[], ...(number | null)[][]] {
  const xs: number[] = [];
  const ys: (number | null)[][] = curves.map(() => []);
  const cursor = curves.map(() => 0);
  for (;;) {
    let next = Infinity;
    for (let c = 0; c < curves.length; c++) {
      const i = cursor[c];
      if (i < curves[c].x.length && curves[c].x[i] < next) next = curves[c].x[i];
    }
    if (next === Infinity) break;
    xs.push(next);
    for (let c = 0; c < curves.length; c++) {
      const curve = curves[c];
      let value: number | null = null;
      // Several points at one x (shouldn't happen, but tolerate it): keep the last.
      while (cursor[c] < curve.x.length && curve.x[cursor[c]] === next) value = curve.y[cursor[c]++];
      ys[c].push(value);
    }
  }
  return [xs, ...ys];
}
