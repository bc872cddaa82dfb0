import type { Preprocessing } from '../../../src-shared/config/schema';
import { exampleSize, type DataSplit } from './types';

/**
 * The affine map preprocessing applied to every example: x'[j] = (x[j] − offset[j]) · scale[j], j over the
 * values of one example, flattened row-major. Computed in float64; the result is stored as float32.
 */
export interface FeatureScaling {
  offset: number[];
  scale: number[];
}

/** What a run did to its data before the network saw it; weights.json carries it so the weights work on raw data. */
export interface PreprocessingRecord {
  /** The config's option. */
  mode: Preprocessing;
  /** Applied to every example of every split; null when the inputs were used as stored ('none'). */
  input: FeatureScaling | null;
  /** Regression targets; null because targets are used as stored, so outputs, RMSE and MAE are in the target's units. */
  target: FeatureScaling | null;
}

/**
 * Input preprocessing with statistics from the training split only.
 * Data with a known raw range (bytes) is first mapped to [0, 1], so 'centre' on MNIST centres pixel
 * intensities rather than raw bytes. 'scale' without a known range uses the training min and max.
 * 'centre' and 'standardise' work per feature; a feature with no spread keeps sd 1.
 * Transforms the x arrays in place (loaders hand out fresh arrays; MNIST's are 188 MB) and returns the
 * scaling it applied (null for 'none'), so it can be applied again to raw inputs.
 */
export function preprocess(
  mode: Preprocessing,
  splits: { train: DataSplit; others: DataSplit[] },
  valueRange?: [number, number],
): { train: DataSplit; others: DataSplit[]; scaling: FeatureScaling | null } {
  if (mode === 'none') return { ...splits, scaling: null };
  const size = exampleSize(splits.train.shape);
  const { offset, scale } = fitAffine(mode, splits.train, size, valueRange);
  const transform = affine(offset, scale, size);
  const apply = (split: DataSplit): DataSplit => {
    transform(split.x);
    return split;
  };
  return { train: apply(splits.train), others: splits.others.map(apply), scaling: perFeature(offset, scale, size) };
}

/** Rewrites x in place. */
type Transform = (x: Float32Array) => void;

function affine(offset: Float64Array | number, scale: Float64Array | number, size: number): Transform {
  if (typeof offset === 'number' && typeof scale === 'number') {
    return (x) => {
      for (let i = 0; i < x.length; i++) x[i] = (x[i] - offset) * scale;
    };
  }
  const offsets = typeof offset === 'number' ? new Float64Array(size).fill(offset) : offset;
  const scales = typeof scale === 'number' ? new Float64Array(size).fill(scale) : scale;
  return (x) => {
    for (let i = 0; i < x.length; i += size) {
      for (let j = 0; j < size; j++) x[i + j] = (x[i + j] - offsets[j]) * scales[j];
    }
  };
}

function perFeature(offset: Float64Array | number, scale: Float64Array | number, size: number): FeatureScaling {
  const spread = (value: Float64Array | number) => (typeof value === 'number' ? new Array<number>(size).fill(value) : Array.from(value));
  return { offset: spread(offset), scale: spread(scale) };
}

function fitAffine(
  mode: Exclude<Preprocessing, 'none'>,
  train: DataSplit,
  size: number,
  valueRange?: [number, number],
): { offset: Float64Array | number; scale: Float64Array | number } {
  const range = valueRange ?? minMax(train.x);
  const rangeScale = range[1] > range[0] ? 1 / (range[1] - range[0]) : 1;
  if (mode === 'scale') return { offset: range[0], scale: rangeScale };

  const mean = new Float64Array(size);
  const squares = new Float64Array(size);
  for (let i = 0; i < train.x.length; i += size) {
    for (let j = 0; j < size; j++) {
      const value = (train.x[i + j] - range[0]) * rangeScale;
      mean[j] += value;
      squares[j] += value * value;
    }
  }
  const count = Math.max(1, train.count);
  const offset = new Float64Array(size);
  const scale = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    mean[j] /= count;
    const variance = Math.max(0, squares[j] / count - mean[j] * mean[j]);
    const sd = Math.sqrt(variance);
    // x' = ((x − lo)·s − mean) / sd  =  (x − (lo + mean/s)) · (s / sd)
    offset[j] = range[0] + mean[j] / rangeScale;
    scale[j] = mode === 'standardise' ? rangeScale / (sd > 1e-8 ? sd : 1) : rangeScale;
  }
  return { offset, scale };
}

function minMax(x: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of x) {
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}
