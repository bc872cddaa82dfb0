import type { FirstLayerWeights } from '../api/run';
import { STUDY_VARIANTS, type StudyVariant, type WeightNormHistogram } from './types';

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

/** Histograms of both variants' per-unit norms over the same bins, from the smallest norm to the largest. */
export function weightNormHistogram(
  weights: Record<StudyVariant, FirstLayerWeights | null>,
  bins = 24,
): WeightNormHistogram | null {
  const norms = {} as Record<StudyVariant, number[]>;
  for (const variant of STUDY_VARIANTS) {
    const layer = weights[variant];
    if (!layer) return null;
    norms[variant] = unitNorms(layer);
  }
  const all = STUDY_VARIANTS.flatMap((variant) => norms[variant]);
  const smallest = Math.min(...all);
  const width = Math.max(Math.max(...all) - smallest, 1e-12) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => smallest + i * width);
  const counts = {} as Record<StudyVariant, number[]>;
  for (const variant of STUDY_VARIANTS) {
    counts[variant] = new Array<number>(bins).fill(0);
    for (const norm of norms[variant]) counts[variant][Math.min(bins - 1, Math.floor((norm - smallest) / width))]++;
  }
  return { edges, counts };
}
