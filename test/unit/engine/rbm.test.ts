import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { estimateLogPartition, meanLogProbability } from '../../../src-main/engine/rbm/ais';
import { ContrastiveDivergence } from '../../../src-main/engine/rbm/contrastive-divergence';
import { exactLogPartition } from '../../../src-main/engine/rbm/exact-partition';
import { createRbm, freeEnergy, gatherRows, type Rbm, type UnitKind } from '../../../src-main/engine/rbm/rbm';
import { createRng, deriveSeed } from '../../../src-main/engine/rng';

/** 4×4 images of one horizontal or vertical bar with 5% of the pixels flipped: a binary set an RBM of 10 hidden units can model. */
function bars(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(count * 16);
  for (let n = 0; n < count; n++) {
    const line = rng.int(4);
    const vertical = rng.uniform() < 0.5;
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        const on = vertical ? c === line : r === line;
        x[n * 16 + r * 4 + c] = (rng.uniform() < 0.05) !== on ? 1 : 0;
      }
    }
  }
  return x;
}

function train(rbm: Rbm, data: Float32Array, count: number, epochs: number, options: Partial<ConstructorParameters<typeof ContrastiveDivergence>[1]> = {}, learningRate = 0.1): number[] {
  const cd = new ContrastiveDivergence(rbm, { steps: 1, persistent: false, weightDecay: 2e-4, sparsity: null, ...options });
  const errors: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    for (let start = 0; start < count; start += 20) {
      const indices = Array.from({ length: 20 }, (_, i) => start + i);
      const batch = gatherRows(data, rbm.visibleSize, indices);
      sum += cd.step(batch, { learningRate, momentum: epoch < 5 ? 0.5 : 0.9 }, deriveSeed(3, 'step', epoch, start)) * 20;
      batch.dispose();
    }
    errors.push(sum / count);
  }
  cd.dispose();
  return errors;
}

function randomRbm(visible: number, hidden: number, kinds: [UnitKind, UnitKind], sigma: number, seed: number): Rbm {
  const rbm = createRbm({ visibleSize: visible, hiddenSize: hidden, visible: kinds[0], hidden: kinds[1] }, sigma, seed, 'test');
  const rng = createRng(seed + 1);
  rbm.visibleBias.assign(tf.tensor1d(Array.from({ length: visible }, () => 0.5 * rng.normal())));
  rbm.hiddenBias.assign(tf.tensor1d(Array.from({ length: hidden }, () => 0.5 * rng.normal())));
  return rbm;
}

describe('RBM', () => {
  beforeAll(async () => {
    await initBackend({ maxThreads: 1 });
  });

  it('free energy: Σ_v e^{−F(v)} over all 2^8 visible states equals the Z from summing over the hidden states', () => {
    const rbm = randomRbm(8, 6, ['binary', 'binary'], 1, 4);
    const states = Float32Array.from({ length: 256 * 8 }, (_, i) => (Math.floor(i / 8) >> i % 8) & 1);
    const negF = Array.from(tf.tidy(() => tf.neg(freeEnergy(rbm, tf.tensor2d(states, [256, 8])))).dataSync());
    const max = Math.max(...negF);
    const logZ = max + Math.log(negF.reduce((sum, f) => sum + Math.exp(f - max), 0));
    expect(logZ).toBeCloseTo(exactLogPartition(rbm), 4);
  });

  it('CD-1 on binary bars lowers the reconstruction error and raises the log-likelihood (AIS and exact agree)', () => {
    const data = bars(400, 1);
    const rbm = createRbm({ visibleSize: 16, hiddenSize: 10, visible: 'binary', hidden: 'binary' }, 0.1, 1, 'bars');
    const before = meanLogProbability(rbm, data, 400, exactLogPartition(rbm));
    const errors = train(rbm, data, 400, 40);
    expect(errors.at(-1)!).toBeLessThan(0.5 * errors[0]);
    const exact = exactLogPartition(rbm);
    const ais = estimateLogPartition(rbm, data, 400, { runs: 100, betas: 2000, seed: 7 });
    const after = meanLogProbability(rbm, data, 400, ais.logZ);
    // A bar image is 1 of 8 patterns with noise: about −(log 8 + 16·H(0.05)) ≈ −5.2 nats is the best any model does; the independent pixels −10.3.
    expect(before).toBeLessThan(-10.5);
    expect(after).toBeGreaterThan(before + 3);
    expect(Math.abs(ais.logZ - exact)).toBeLessThan(0.1);
    rbm.weights.dispose();
  });

  for (const kinds of [
    ['binary', 'binary'],
    ['binary', 'gaussian'],
    ['gaussian', 'binary'],
  ] as [UnitKind, UnitKind][]) {
    it(`AIS of a ${kinds[0]}-visible ${kinds[1]}-hidden RBM agrees with the exact log Z within 0.1 nats and its ±3σ bounds`, () => {
      // Large enough weights that the base model is far from the RBM (log Z moves by tens of nats).
      const [visible, hidden] = kinds[1] === 'gaussian' ? [12, 40] : [40, 10];
      const rbm = randomRbm(visible, hidden, kinds, kinds[1] === 'gaussian' ? 0.15 : 0.6, 11);
      const exact = exactLogPartition(rbm);
      const data = Float32Array.from({ length: 200 * visible }, (_, i) => (kinds[0] === 'binary' ? (Math.sin(i * 12.9898) > 0 ? 1 : 0) : Math.sin(i * 7.1)));
      const ais = estimateLogPartition(rbm, data, 200, { runs: 100, betas: 3000, seed: 5 });
      expect(Math.abs(ais.baseLogZ - exact)).toBeGreaterThan(1);
      expect(Math.abs(ais.logZ - exact)).toBeLessThan(0.1);
      expect(ais.logZLow).toBeLessThanOrEqual(exact + 0.02);
      expect(ais.logZHigh).toBeGreaterThanOrEqual(exact - 0.02);
      expect(ais.logZStdError).toBeLessThan(0.1);
    });
  }

  it('persistent CD and CD-3 train too; a sparsity target pulls the mean hidden activity towards it', () => {
    const data = bars(400, 2);
    // Persistent chains mix with the weights as they change: a smaller learning rate than CD's (Tieleman 2008).
    for (const [options, rate] of [[{ persistent: true }, 0.02], [{ steps: 3 }, 0.1]] as const) {
      const rbm = createRbm({ visibleSize: 16, hiddenSize: 10, visible: 'binary', hidden: 'binary' }, 0.1, 2, 'bars');
      const before = meanLogProbability(rbm, data, 400, exactLogPartition(rbm));
      train(rbm, data, 400, 30, options, rate);
      expect(meanLogProbability(rbm, data, 400, exactLogPartition(rbm))).toBeGreaterThan(before + 4);
    }
    const activity = (target: number | null) => {
      const rbm = createRbm({ visibleSize: 16, hiddenSize: 10, visible: 'binary', hidden: 'binary' }, 0.1, 3, 'bars');
      train(rbm, data, 400, 20, { sparsity: target === null ? null : { target, cost: 0.5, decay: 0.9 } });
      return tf.tidy(() => tf.mean(tf.sigmoid(tf.add(tf.matMul(tf.tensor2d(data, [400, 16]), rbm.weights), rbm.hiddenBias)))).dataSync()[0];
    };
    const free = activity(null);
    const sparse = activity(0.05);
    expect(sparse).toBeLessThan(free - 0.05);
    expect(sparse).toBeLessThan(0.15);
  });
});
