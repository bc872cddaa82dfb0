import type { FirstLayerWeights } from '../api/run';
import type { WeightNormHistogram } from './types';

/** The Euclidean norm of each unit's incoming weight vector (what max-norm bounds). */
export function unitNorms(weights: FirstLayerWeights): number[] {
  const size = weights.rows * weights.cols;
  const norms: number[] = [];
  for (let unit = 0; unit < weights.units; unit++) {
    let squares = 0;
    for (let i = unit * size; i < (unit + 1) * size; i++) squares += weights.values[i] ** 2;
    norms.push(Math.sqrt(squares));
  }
  return norms;
}

/** Histograms of every arm's per-unit norms over the same bins, from the smallest norm to the largest; null if an arm has no weights. */
export function weightNormHistogram<K extends string>(weights: Record<K, FirstLayerWeights | null>, bins = 24): WeightNormHistogram<K> | null {
  const arms = Object.keys(weights) as K[];
  const norms = {} as Record<K, number[]>;
  for (const arm of arms) {
    const layer = weights[arm];
    if (!layer) return null;
    norms[arm] = unitNorms(layer);
  }
  const all = arms.flatMap((arm) => norms[arm]);
  const smallest = Math.min(...all);
  const width = Math.max(Math.max(...all) - smallest, 1e-12) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => smallest + i * width);
  const counts = {} as Record<K, number[]>;
  for (const arm of arms) {
    counts[arm] = new Array<number>(bins).fill(0);
    for (const norm of norms[arm]) counts[arm][Math.min(bins - 1, Math.floor((norm - smallest) / width))]++;
  }
  return { edges, counts };
}
