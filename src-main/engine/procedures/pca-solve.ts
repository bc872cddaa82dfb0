import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { DataSplit } from '../data';

export interface PcaSolution {
  /** Features per example. */
  size: number;
  mean: Float64Array;
  /** Eigenvalues of the covariance (normalised by the example count), largest first. */
  eigenvalues: Float64Array;
  /** The eigenvectors in the same order, each `size` values: components[c][i]. */
  components: Float64Array[];
}

const ROWS_PER_CHUNK = 2000;

/**
 * Principal components of a split: the mean, then XcᵀXc accumulated in float64 from float32 products of
 * row chunks (tfjs), then the symmetric eigendecomposition of the covariance by ml-matrix. `progress`
 * gets the fraction done.
 */
export function solvePca(split: DataSplit, progress: (fraction: number) => void = () => {}): PcaSolution {
  const size = split.x.length / Math.max(1, split.count);
  const n = split.count;
  const mean = new Float64Array(size);
  for (let row = 0; row < n; row++) {
    const offset = row * size;
    for (let i = 0; i < size; i++) mean[i] += split.x[offset + i];
  }
  for (let i = 0; i < size; i++) mean[i] /= n;

  const scatter = new Float64Array(size * size);
  const meanTensor = tf.tensor1d(Float32Array.from(mean));
  try {
    for (let start = 0; start < n; start += ROWS_PER_CHUNK) {
      const end = Math.min(n, start + ROWS_PER_CHUNK);
      const product = tf.tidy(() => {
        const centred = tf.sub(tf.tensor2d(split.x.subarray(start * size, end * size), [end - start, size]), meanTensor);
        return tf.matMul(centred, centred, true, false);
      });
      const values = product.dataSync();
      product.dispose();
      for (let i = 0; i < values.length; i++) scatter[i] += values[i];
      progress((0.8 * end) / n);
    }
  } finally {
    meanTensor.dispose();
  }
  for (let i = 0; i < scatter.length; i++) scatter[i] /= n;

  const decomposition = new EigenvalueDecomposition(Matrix.from1DArray(size, size, scatter), { assumeSymmetric: true });
  progress(0.95);
  const values = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  return {
    size,
    mean,
    eigenvalues: Float64Array.from(order, (i) => Math.max(0, values[i])),
    components: order.map((column) => Float64Array.from(vectors.getColumn(column))),
  };
}

/** Mean squared reconstruction error per example of PCA-k on the data it was fitted on, for every k: the eigenvalues left out. */
export function trainErrorByComponents(solution: PcaSolution, maxK: number): number[] {
  const total = solution.eigenvalues.reduce((a, b) => a + b, 0);
  const errors: number[] = [];
  let kept = 0;
  for (let k = 1; k <= maxK; k++) {
    kept += solution.eigenvalues[k - 1];
    errors.push(Math.max(0, total - kept));
  }
  return errors;
}

/**
 * Mean squared reconstruction error per example of PCA-k on other data, for k = 1..maxK: the centred
 * squared norm less the squares of its projections on the first k components.
 */
export function errorByComponents(solution: PcaSolution, split: DataSplit, maxK: number): number[] {
  const { size } = solution;
  const basis = new Float32Array(size * maxK);
  for (let c = 0; c < maxK; c++) for (let i = 0; i < size; i++) basis[i * maxK + c] = solution.components[c][i];
  // Per example in float32 (no cancellation across examples), summed over examples in float64.
  const residuals = new Float64Array(maxK);
  const basisTensor = tf.tensor2d(basis, [size, maxK]);
  const meanTensor = tf.tensor1d(Float32Array.from(solution.mean));
  try {
    for (let start = 0; start < split.count; start += ROWS_PER_CHUNK) {
      const end = Math.min(split.count, start + ROWS_PER_CHUNK);
      const [norms, projections] = tf.tidy(() => {
        const centred = tf.sub(tf.tensor2d(split.x.subarray(start * size, end * size), [end - start, size]), meanTensor);
        return [tf.sum(tf.square(centred), 1), tf.square(tf.matMul(centred, basisTensor))] as const;
      });
      const normValues = norms.dataSync();
      const squares = projections.dataSync();
      tf.dispose([norms, projections]);
      for (let row = 0; row < end - start; row++) {
        let left = normValues[row];
        for (let c = 0; c < maxK; c++) {
          left -= squares[row * maxK + c];
          residuals[c] += left;
        }
      }
    }
  } finally {
    tf.dispose([basisTensor, meanTensor]);
  }
  return Array.from(residuals, (sum) => Math.max(0, sum / split.count));
}
