import * as tf from '@tensorflow/tfjs-core';
import type { ImageGridArtifact } from '../../../src-shared/api/artifacts';
import { deriveSeed } from '../rng';
import { hiddenMean, sampleUnits, visibleMean, type Rbm } from './rbm';

/** The incoming weights of the first `count` hidden units, one row of values per unit (a column of W). */
export function filterValues(rbm: Rbm, count: number): number[][] {
  const units = Math.min(count, rbm.hiddenSize);
  const W = rbm.weights.dataSync();
  return Array.from({ length: units }, (_, j) => Array.from({ length: rbm.visibleSize }, (_, i) => round(W[i * rbm.hiddenSize + j])));
}

/** Filters as tiles on a blue–white–red scale symmetric about 0, in rows of `perRow`; `rows` labels each row. */
export function filterGrid(title: string, caption: string, imageShape: [number, number], rows: { label: string; filters: number[][] }[]): ImageGridArtifact {
  let extent = 1e-6;
  for (const row of rows) for (const filter of row.filters) for (const value of filter) extent = Math.max(extent, Math.abs(value));
  return {
    kind: 'image-grid',
    title,
    caption,
    imageShape,
    range: [-round(extent), round(extent)],
    colorScale: 'diverging',
    rows: rows.map((row) => ({ label: row.label, images: row.filters.map((pixels) => ({ pixels })) })),
  };
}

/** Splits a list of filters into labelled rows of `perRow`. */
export function inRows(filters: number[][], perRow: number): { label: string; filters: number[][] }[] {
  const rows: { label: string; filters: number[][] }[] = [];
  for (let start = 0; start < filters.length; start += perRow) rows.push({ label: `units ${start + 1}–${Math.min(filters.length, start + perRow)}`, filters: filters.slice(start, start + perRow) });
  return rows;
}

/**
 * Gibbs chains started at `start` (rows of visible values): the first row is the start, each later row the
 * visible means after `sweeps` more sweeps v → h → v (the chain itself moves through sampled states).
 */
export function gibbsRows(rbm: Rbm, start: Float32Array, chains: number, rows: number, sweeps: number, seed: number): { label: string; values: Float32Array }[] {
  const out: { label: string; values: Float32Array }[] = [{ label: 'start', values: start.slice(0, chains * rbm.visibleSize) }];
  let visible = tf.tensor2d(start.subarray(0, chains * rbm.visibleSize), [chains, rbm.visibleSize]);
  let done = 0;
  for (let row = 1; row < rows; row++) {
    let mean: tf.Tensor2D | null = null;
    for (let sweep = 0; sweep < sweeps; sweep++) {
      const current = visible;
      const previousMean = mean;
      [visible, mean] = tf.tidy(() => {
        const h = sampleUnits(rbm.hidden, hiddenMean(rbm, current), deriveSeed(seed, 'h', done));
        const m = visibleMean(rbm, h);
        return [sampleUnits(rbm.visible, m, deriveSeed(seed, 'v', done)), m] as [tf.Tensor2D, tf.Tensor2D];
      });
      done += 1;
      tf.dispose([current, ...(previousMean ? [previousMean] : [])]);
    }
    out.push({ label: `after ${done} sweeps`, values: mean!.dataSync() as Float32Array });
    mean!.dispose();
  }
  visible.dispose();
  return out;
}

/** [min, max] of many values (no spread: a grid holds more values than the call stack takes arguments). */
export function extentOf(values: Iterable<number>): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

export function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
