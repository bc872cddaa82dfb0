import type { DatasetSummary } from '../../../src-shared/api/run';
import type { Task } from '../../../src-shared/api/records';

/** Examples of one split: inputs flattened row-major, one label (class index) or target vector per example. */
export interface DataSplit {
  /** count × product(shape) values. */
  x: Float32Array;
  /** Classification: class indices (Int32Array, length count). Regression: count × targetSize values. */
  y: Int32Array | Float32Array;
  count: number;
  /** Shape of one example, e.g. [28, 28, 1]. */
  shape: number[];
}

export interface Dataset {
  train: DataSplit;
  test: DataSplit;
  summary: DatasetSummary;
  /** Known range of raw input values (bytes: [0, 255]); 'scale' uses it instead of the training min and max. */
  valueRange?: [number, number];
}

/** A loader's raw output, before limits and fingerprinting. */
export interface RawDataset {
  task: Task;
  classes: number;
  train: DataSplit;
  test: DataSplit;
  valueRange?: [number, number];
}

export function exampleSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The first `limit` examples of a split (a view, no copy). */
export function takeFirst(split: DataSplit, limit: number | undefined): DataSplit {
  if (limit === undefined || limit >= split.count) return split;
  const size = exampleSize(split.shape);
  const targetSize = split.y.length / split.count;
  return {
    x: split.x.subarray(0, limit * size),
    y: split.y.subarray(0, limit * targetSize),
    count: limit,
    shape: split.shape,
  };
}
