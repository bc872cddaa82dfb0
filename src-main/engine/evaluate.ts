import * as tf from '@tensorflow/tfjs-core';
import type { DataSplit } from './data/types';
import { gatherBatch, rangeIndices, ranges, type TaskInfo } from './batches';
import { perExampleLoss, wantsLogits, type LossKind } from './loss';
import type { Model } from './model';

export interface Evaluation {
  count: number;
  /** Mean loss per example. */
  loss: number;
  /** Classification. */
  errors?: number;
  errorRate?: number;
  /** Predicted class per example (classification) or the outputs, flattened (regression). */
  predictions: Int32Array | Float32Array;
  /**
   * Classification: the class probabilities, [count × classes] row-major (softmax of the logits for
   * cross-entropy, the network's outputs as they are for other losses); left out when they would take more
   * than MAX_PROBABILITY_VALUES values.
   */
  probabilities?: Float32Array;
  /** Regression. */
  rmse?: number;
  mae?: number;
}

const EVAL_BATCH = 500;
/** 64 MB of float32: 10,000 test examples may have up to 1,677 classes. */
export const MAX_PROBABILITY_VALUES = 16 * 1024 * 1024;

/** Evaluates without dropout, in batches, holding no tensors afterwards. */
export function evaluate(model: Model, split: DataSplit, task: TaskInfo, lossKind: LossKind): Evaluation {
  const classification = task.task === 'classification';
  const outputSize = model.outputShape.reduce((a, b) => a * b, 1);
  const predictions = classification ? new Int32Array(split.count) : new Float32Array(split.count * outputSize);
  const probabilities = classification && split.count * outputSize <= MAX_PROBABILITY_VALUES ? new Float32Array(split.count * outputSize) : undefined;
  let lossSum = 0;
  let errors = 0;
  let squaredSum = 0;
  let absSum = 0;
  for (const [start, end] of ranges(split.count, EVAL_BATCH)) {
    const batch = gatherBatch(split, rangeIndices(start, end), task);
    const [losses, outputs, batchProbabilities] = tf.tidy(() => {
      const logits = wantsLogits(lossKind);
      const output = model.apply(batch.x, { training: false, logits });
      const lossValues = perExampleLoss(lossKind, output, batch.y);
      const flat = tf.reshape(output, [end - start, -1]);
      const probs = probabilities ? (logits ? tf.softmax(flat) : flat) : undefined;
      return [tf.sum(lossValues), classification ? tf.argMax(flat, 1) : output, probs] as const;
    });
    lossSum += (readValues(losses) as Float32Array)[0];
    if (probabilities && batchProbabilities) probabilities.set(readValues(batchProbabilities) as Float32Array, start * outputSize);
    const values = readValues(outputs);
    if (classification) {
      for (let i = 0; i < values.length; i++) {
        predictions[start + i] = values[i];
        if (values[i] !== batch.labels![i]) errors += 1;
      }
    } else {
      predictions.set(values, start * outputSize);
      const targets = split.y.subarray(start * outputSize, end * outputSize);
      for (let i = 0; i < values.length; i++) {
        const diff = values[i] - targets[i];
        squaredSum += diff * diff;
        absSum += Math.abs(diff);
      }
    }
    tf.dispose([batch.x, batch.y, losses, outputs, ...(batchProbabilities ? [batchProbabilities] : [])]);
  }
  const count = split.count;
  const loss = count ? lossSum / count : NaN;
  if (classification) return { count, loss, errors, errorRate: count ? errors / count : NaN, predictions, ...(probabilities ? { probabilities } : {}) };
  const elements = count * outputSize;
  return { count, loss, predictions, rmse: Math.sqrt(squaredSum / elements), mae: absSum / elements };
}

/** Synchronous read: the CPU backends (wasm, cpu, native) finish each op before returning. */
function readValues(tensor: tf.Tensor): Float32Array | Int32Array | Uint8Array {
  return tensor.dataSync() as Float32Array | Int32Array;
}
