import * as tf from '@tensorflow/tfjs-core';
import type { DataSplit } from './data/types';
import type { Task } from '../../src-shared/api/records';

export interface TaskInfo {
  task: Task;
  classes: number;
}

/** Copies the examples at `indices` into a batch tensor and its targets (one-hot for classification). */
export function gatherBatch(split: DataSplit, indices: ArrayLike<number>, task: TaskInfo): { x: tf.Tensor; y: tf.Tensor; labels?: Int32Array } {
  const size = split.x.length / split.count;
  const n = indices.length;
  const x = new Float32Array(n * size);
  for (let i = 0; i < n; i++) x.set(split.x.subarray(indices[i] * size, (indices[i] + 1) * size), i * size);
  const xTensor = tf.tensor(x, [n, ...split.shape], 'float32');
  if (task.task === 'classification') {
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = split.y[indices[i]];
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), task.classes), 'float32'));
    return { x: xTensor, y, labels };
  }
  const targetSize = split.y.length / split.count;
  const y = new Float32Array(n * targetSize);
  for (let i = 0; i < n; i++) y.set(split.y.subarray(indices[i] * targetSize, (indices[i] + 1) * targetSize), i * targetSize);
  return { x: xTensor, y: tf.tensor(y, [n, targetSize], 'float32') };
}

/** Consecutive index ranges [start, end) of at most `size`. */
export function* ranges(count: number, size: number): Generator<[number, number]> {
  for (let start = 0; start < count; start += size) yield [start, Math.min(count, start + size)];
}

export function rangeIndices(start: number, end: number): Uint32Array {
  const indices = new Uint32Array(end - start);
  for (let i = 0; i < indices.length; i++) indices[i] = start + i;
  return indices;
}
