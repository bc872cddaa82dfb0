import * as tf from '@tensorflow/tfjs-core';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ProcedureError } from '../../../src-shared/procedures/catalog';

const ROWS_PER_CHUNK = 2000;

/** One DSN module's weights: lower W (inputs × hidden, row-major) and b; upper U (hidden × classes) and c. */
export interface DsnModuleWeights {
  inputs: number;
  hidden: number;
  classes: number;
  lower: Float32Array;
  lowerBias: Float32Array;
  upper: Float32Array;
  upperBias: Float32Array;
}

/** A module's input rows: the raw examples, then each lower module's outputs (count × classes), side by side. */
export interface StackedInput {
  x: Float32Array;
  size: number;
  count: number;
  lowerOutputs: readonly Float32Array[];
  classes: number;
}

/** Rows `indices` of a module's input X = [input ⊕ lower outputs] as one tensor (a minibatch). */
export function stackedRows(input: StackedInput, indices: ArrayLike<number>): tf.Tensor2D {
  const width = input.size + input.classes * input.lowerOutputs.length;
  const rows = new Float32Array(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    let at = r * width;
    rows.set(input.x.subarray(i * input.size, (i + 1) * input.size), at);
    at += input.size;
    for (const outputs of input.lowerOutputs) {
      rows.set(outputs.subarray(i * input.classes, (i + 1) * input.classes), at);
      at += input.classes;
    }
  }
  return tf.tensor2d(rows, [indices.length, width]);
}

/** 0/1 targets of `labels` as [rows, classes]. */
export function targetRows(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), classes), 'float32') as tf.Tensor2D);
}

function inputChunk(input: StackedInput, start: number, end: number): tf.Tensor2D {
  const rows = end - start;
  const parts = [tf.tensor2d(input.x.subarray(start * input.size, end * input.size), [rows, input.size])];
  for (const outputs of input.lowerOutputs) parts.push(tf.tensor2d(outputs.subarray(start * input.classes, end * input.classes), [rows, input.classes]));
  return parts.length === 1 ? parts[0] : tf.concat(parts, 1);
}

/** H = σ(XW + b) for rows [start, end) (examples as rows: the transpose of the paper's H). */
function hiddenChunk(input: StackedInput, lower: tf.Tensor2D, lowerBias: tf.Tensor1D, start: number, end: number): tf.Tensor2D {
  return tf.sigmoid(tf.add(tf.matMul(inputChunk(input, start, end), lower), lowerBias)) as tf.Tensor2D;
}

/**
 * The upper weights of one module in closed form: U = (HHᵀ + λI)⁻¹HTᵀ with a constant hidden unit for the
 * output bias (not penalised). HHᵀ and HTᵀ are accumulated in float64 from float32 chunk products (tfjs);
 * the solve is ml-matrix's Cholesky decomposition. T holds the 0/1 targets of `labels`. Also returns the
 * module's training squared error (summed over classes, averaged over rows) from the same sums.
 */
export function solveUpperWeights(
  input: StackedInput,
  labels: Int32Array,
  lower: Float32Array,
  lowerBias: Float32Array,
  lambda: number,
  progress: (fraction: number) => void = () => {},
): { upper: Float32Array; upperBias: Float32Array; trainMse: number } {
  const hidden = lowerBias.length;
  const inputs = lower.length / hidden;
  const classes = input.classes;
  const width = hidden + 1;
  const gram = new Float64Array(width * width);
  const cross = new Float64Array(width * classes);
  const lowerTensor = tf.tensor2d(lower, [inputs, hidden]);
  const biasTensor = tf.tensor1d(lowerBias);
  try {
    for (let start = 0; start < input.count; start += ROWS_PER_CHUNK) {
      const end = Math.min(input.count, start + ROWS_PER_CHUNK);
      const [hh, ht] = tf.tidy(() => {
        const h = tf.concat([hiddenChunk(input, lowerTensor, biasTensor, start, end), tf.ones([end - start, 1])], 1);
        const t = tf.cast(tf.oneHot(tf.tensor1d(labels.subarray(start, end), 'int32'), classes), 'float32');
        return [tf.matMul(h, h, true, false), tf.matMul(h, t, true, false)] as const;
      });
      const hhValues = hh.dataSync();
      const htValues = ht.dataSync();
      tf.dispose([hh, ht]);
      for (let i = 0; i < hhValues.length; i++) gram[i] += hhValues[i];
      for (let i = 0; i < htValues.length; i++) cross[i] += htValues[i];
      progress((0.8 * end) / input.count);
    }
  } finally {
    tf.dispose([lowerTensor, biasTensor]);
  }
  // A blocked float32 product need not give HHᵀ exactly symmetric, and the Cholesky decomposition insists on it.
  for (let i = 0; i < width; i++) {
    for (let j = i + 1; j < width; j++) {
      const mean = (gram[i * width + j] + gram[j * width + i]) / 2;
      gram[i * width + j] = mean;
      gram[j * width + i] = mean;
    }
  }
  for (let i = 0; i < hidden; i++) gram[i * width + i] += lambda;
  const decomposition = new CholeskyDecomposition(Matrix.from1DArray(width, width, gram));
  if (!decomposition.isPositiveDefinite()) {
    throw new ProcedureError(`procedure dsn: HHᵀ + λI is not positive definite (λ = ${lambda}); raise params.lambda (e.g. to 1) or use fewer hidden units than training examples`);
  }
  const solution = decomposition.solve(Matrix.from1DArray(width, classes, cross));
  progress(0.95);
  // ‖HU − T‖² = Σ_c (u_cᵀHᵀHu_c − 2u_cᵀ(HᵀT)_c) + n for 0/1 targets; `gram` holds HᵀH + λI here.
  const u = solution.to1DArray();
  let squared = input.count;
  for (let i = 0; i < width; i++) {
    for (let c = 0; c < classes; c++) {
      let row = 0;
      for (let j = 0; j < width; j++) row += gram[i * width + j] * u[j * classes + c];
      const ui = u[i * classes + c];
      squared += ui * row - 2 * ui * cross[i * classes + c] - (i < hidden ? lambda * ui * ui : 0);
    }
  }
  const upper = new Float32Array(hidden * classes);
  const upperBias = new Float32Array(classes);
  for (let i = 0; i < hidden; i++) for (let c = 0; c < classes; c++) upper[i * classes + c] = solution.get(i, c);
  for (let c = 0; c < classes; c++) upperBias[c] = solution.get(hidden, c);
  return { upper, upperBias, trainMse: input.count > 0 ? squared / input.count : Number.NaN };
}

/** The module's linear outputs Y = HU + c for every row of `input` (count × classes). */
export function moduleOutputs(input: StackedInput, weights: DsnModuleWeights): Float32Array {
  const out = new Float32Array(input.count * weights.classes);
  const tensors = [
    tf.tensor2d(weights.lower, [weights.inputs, weights.hidden]),
    tf.tensor1d(weights.lowerBias),
    tf.tensor2d(weights.upper, [weights.hidden, weights.classes]),
    tf.tensor1d(weights.upperBias),
  ] as const;
  try {
    for (let start = 0; start < input.count; start += ROWS_PER_CHUNK) {
      const end = Math.min(input.count, start + ROWS_PER_CHUNK);
      const y = tf.tidy(() => tf.add(tf.matMul(hiddenChunk(input, tensors[0], tensors[1], start, end), tensors[2]), tensors[3]));
      out.set(y.dataSync() as Float32Array, start * weights.classes);
      y.dispose();
    }
  } finally {
    tf.dispose([...tensors]);
  }
  return out;
}

/** Error rate (argmax against the labels) and squared error against the 0/1 targets summed over classes, averaged over rows. */
export function outputErrors(outputs: Float32Array, labels: Int32Array, classes: number): { errors: number; errorRate: number; mse: number } {
  const count = labels.length;
  let errors = 0;
  let squared = 0;
  for (let row = 0; row < count; row++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const value = outputs[row * classes + c];
      if (value > outputs[row * classes + best]) best = c;
      const target = c === labels[row] ? 1 : 0;
      squared += (value - target) ** 2;
    }
    if (best !== labels[row]) errors++;
  }
  return { errors, errorRate: count > 0 ? errors / count : Number.NaN, mse: count > 0 ? squared / count : Number.NaN };
}

/** Mean of ‖row‖² over the rows of a count × width array. */
export function meanSquaredNorm(values: Float32Array, count: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return count > 0 ? sum / count : 0;
}
