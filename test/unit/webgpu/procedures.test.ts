import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import type { DataSplit } from '../../../src-main/engine/data';
import { solvePca } from '../../../src-main/engine/procedures/pca-solve';
import { ContrastiveDivergence } from '../../../src-main/engine/rbm/contrastive-divergence';
import { createRbm, gatherRows } from '../../../src-main/engine/rbm/rbm';
import { createRng, deriveSeed } from '../../../src-main/engine/rng';
import { TOLERANCE, relError, webgpuAvailable } from './helpers';

const available = await webgpuAvailable();

function binaryData(count: number, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * size }, (_, i) => (rng.uniform() < 0.2 + 0.6 * ((i % size) / size) ? 1 : 0));
}

/** Reconstruction errors of CD steps (sampled hidden states from the step seeds) and the weights after them. */
async function cdSteps(backend: 'cpu' | 'webgpu', options: { steps: number; persistent: boolean }) {
  await tf.setBackend(backend);
  const data = binaryData(60, 24, 1);
  const rbm = createRbm({ visibleSize: 24, hiddenSize: 12, visible: 'binary', hidden: 'binary' }, 0.1, 1, 'webgpu');
  const cd = new ContrastiveDivergence(rbm, { ...options, weightDecay: 2e-4, sparsity: { target: 0.1, cost: 0.1, decay: 0.9 } });
  const errors: number[] = [];
  for (let step = 0; step < 6; step++) {
    const batch = gatherRows(data, 24, Array.from({ length: 20 }, (_, i) => ((step * 20) % 60) + i));
    errors.push(cd.step(batch, { learningRate: 0.1, momentum: 0.5 }, deriveSeed(9, 'step', step)));
    batch.dispose();
  }
  const weights = Float32Array.from(rbm.weights.dataSync());
  cd.dispose();
  rbm.weights.dispose();
  rbm.visibleBias.dispose();
  rbm.hiddenBias.dispose();
  return { errors, weights };
}

describe.skipIf(!available)('procedure steps on webgpu equal the cpu backend', () => {
  test('RBM contrastive divergence (CD-1, CD-3, persistent, with sparsity): the same errors and weights', async () => {
    for (const options of [{ steps: 1, persistent: false }, { steps: 3, persistent: false }, { steps: 1, persistent: true }]) {
      const ref = await cdSteps('cpu', options);
      const got = await cdSteps('webgpu', options);
      expect(relError(Float32Array.from(got.errors), Float32Array.from(ref.errors)), JSON.stringify(options)).toBeLessThan(TOLERANCE);
      expect(relError(got.weights, ref.weights), JSON.stringify(options)).toBeLessThan(TOLERANCE);
    }
  });

  test('the PCA solve (XᵀX accumulated in tfjs, eigendecomposition on the CPU): the same eigenvalues', async () => {
    const rng = createRng(3);
    const x = Float32Array.from({ length: 500 * 20 }, (_, i) => rng.normal() * (1 + (i % 20)));
    const split: DataSplit = { x, y: new Int32Array(500), count: 500, shape: [20] };
    await tf.setBackend('cpu');
    const ref = solvePca(split);
    await tf.setBackend('webgpu');
    const got = solvePca(split);
    expect(relError(Float32Array.from(got.eigenvalues), Float32Array.from(ref.eigenvalues))).toBeLessThan(TOLERANCE);
  });
});
