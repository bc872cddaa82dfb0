import type { Preprocessing } from '../../../src-shared/config/schema';
import { exampleSize, type DataSplit } from './types';

/**
 * Input preprocessing with statistics from the training split only.
 * Data with a known raw range (bytes) is first mapped to [0, 1], so 'centre' on MNIST centres pixel
 * intensities rather than raw bytes. 'scale' without a known range uses the training min and max.
 * 'centre' and 'standardise' work per feature; a feature with no spread keeps sd 1.
 */
export function preprocess(
  mode: Preprocessing,
  splits: { train: DataSplit; others: DataSplit[] },
  valueRange?: [number, number],
): { train: DataSplit; others: DataSplit[] } {
  if (mode === 'none') return splits;
  const size = exampleSize(splits.train.shape);
  const transform = fitTransform(mode, splits.train, size, valueRange);
  const apply = (split: DataSplit): DataSplit => ({ ...split, x: transform(split.x) });
  return { train: apply(splits.train), others: splits.others.map(apply) };
}

type Transform = (x: Float32Array) => Float32Array;

function affine(offset: Float64Array | number, scale: Float64Array | number, size: number): Transform {
  const offsetAt = typeof offset === 'number' ? () => offset : (j: number) => offset[j];
  const scaleAt = typeof scale === 'number' ? () => scale : (j: number) => scale[j];
  const offsets = Float64Array.from({ length: size }, (_, j) => offsetAt(j));
  const scales = Float64Array.from({ length: size }, (_, j) => scaleAt(j));
  return (x) => {
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i += size) {
      for (let j = 0; j < size; j++) out[i + j] = (x[i + j] - offsets[j]) * scales[j];
    }
    return out;
  };
}

function fitTransform(mode: Exclude<Preprocessing, 'none'>, train: DataSplit, size: number, valueRange?: [number, number]): Transform {
  const range = valueRange ?? minMax(train.x);
  const rangeScale = range[1] > range[0] ? 1 / (range[1] - range[0]) : 1;
  if (mode === 'scale') return affine(range[0], rangeScale, size);

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
  return affine(offset, scale, size);
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
