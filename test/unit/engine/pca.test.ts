import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import type { DataSplit } from '../../../src-main/engine/data';
import { buildModel } from '../../../src-main/engine/model';
import { errorByComponents, solvePca, trainErrorByComponents } from '../../../src-main/engine/procedures/pca-solve';
import { createRng } from '../../../src-main/engine/rng';

/** n points near a k-dimensional plane in d dimensions: latent · basis + offset + small noise. */
function nearPlane(n: number, d: number, k: number, noise: number, seed: number): DataSplit {
  const rng = createRng(seed);
  const gauss = () => rng.normal();
  const basis = Array.from({ length: k }, () => Array.from({ length: d }, gauss));
  const x = new Float32Array(n * d);
  for (let row = 0; row < n; row++) {
    const latent = Array.from({ length: k }, (_, c) => gauss() * (k - c));
    for (let i = 0; i < d; i++) {
      let value = 0.5 + noise * gauss();
      for (let c = 0; c < k; c++) value += latent[c] * basis[c][i];
      x[row * d + i] = value;
    }
  }
  return { x, y: new Int32Array(n), count: n, shape: [d] };
}

describe('PCA solve', () => {
  beforeAll(async () => {
    await initBackend({ maxThreads: 1 });
  });

  it('finds a plane: the eigenvalues past k are the noise variance, PCA-k reconstructs to the noise', () => {
    const data = nearPlane(3000, 12, 3, 0.1, 5);
    const solution = solvePca(data);
    expect(solution.eigenvalues[0]).toBeGreaterThanOrEqual(solution.eigenvalues[1]);
    expect(solution.eigenvalues[2]).toBeGreaterThan(100 * solution.eigenvalues[3]);
    // Noise of variance 0.01 in each direction: the sample eigenvalues scatter around it (Marchenko–Pastur, ±15% here).
    for (const value of solution.eigenvalues.slice(3)) expect(Math.abs(value - 0.01)).toBeLessThan(0.0025);
    // Each component has unit length and is orthogonal to the others.
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        const dot = solution.components[a].reduce((sum, v, i) => sum + v * solution.components[b][i], 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
      }
    }
    const train = trainErrorByComponents(solution, 5);
    expect(Math.abs(train[2] - 9 * 0.01)).toBeLessThan(0.01);
    expect(train[0]).toBeGreaterThan(train[1]);
    // Measured on the same data by projection, the error agrees with the eigenvalues left out.
    const measured = errorByComponents(solution, data, 5);
    measured.forEach((value, i) => expect(Math.abs(value - train[i])).toBeLessThan(1e-3 * train[0]));
  });

  it('written into a linear autoencoder, the network reconstructs as PCA does and its code is the projection', async () => {
    const data = nearPlane(500, 6, 2, 0.05, 9);
    const solution = solvePca(data);
    const model = buildModel(
      {
        format: 1,
        name: 'ae',
        nodes: [
          { id: 'in', kind: 'input', params: { shape: [6] } },
          { id: 'code', kind: 'dense', params: { units: 2, activation: 'linear' } },
          { id: 'dec', kind: 'dense', params: { units: 6, activation: 'linear' } },
        ],
        edges: [
          { from: 'in', to: 'code' },
          { from: 'code', to: 'dec' },
        ],
      },
      { kind: 'glorot' },
      1,
    );
    const { pcaRunnerInternals } = await import('../../../src-main/engine/procedures/pca');
    pcaRunnerInternals.setLinearAutoencoder(model, 'code', 'dec', solution, 2);
    const error = pcaRunnerInternals.reconstructionError(model, data, () => {});
    expect(error).toBeCloseTo(trainErrorByComponents(solution, 2)[1], 3);
    const code = tf.tidy(() => model.applyWithOutputs(tf.tensor(data.x.subarray(0, 6), [1, 6]), { training: false }, ['code']).named.code.arraySync() as number[][]);
    const expected = solution.components.slice(0, 2).map((component) => component.reduce((sum, v, i) => sum + v * (data.x[i] - solution.mean[i]), 0));
    expect(code[0][0]).toBeCloseTo(expected[0], 4);
    expect(code[0][1]).toBeCloseTo(expected[1], 4);
    model.dispose();
  });
});
