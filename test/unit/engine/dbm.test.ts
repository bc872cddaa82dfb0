import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { estimateDbmLogPartition, exactDbmLogPartition, hiddenBaseRates } from '../../../src-main/engine/dbm/ais';
import { composeDbm, lowerBound, meanField, type Dbm } from '../../../src-main/engine/dbm/dbm';
import { classifierLogits, type DbmClassifier } from '../../../src-main/engine/dbm/finetune';
import { JointTrainer, jointLearningRate, type DbmVariables } from '../../../src-main/engine/dbm/joint';
import { DoubledRbmTrainer, hiddenInput, visibleInput } from '../../../src-main/engine/dbm/pretrain';
import { createRbm, disposeRbm, type Rbm } from '../../../src-main/engine/rbm/rbm';

beforeAll(async () => {
  await initBackend();
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const values = (t: tf.Tensor) => Array.from(t.dataSync());

function rbmWith(W: number[][], b: number[], c: number[]): Rbm {
  const rbm = createRbm({ visibleSize: W.length, hiddenSize: W[0].length, visible: 'binary', hidden: 'binary' }, 0.1, 1, 'test');
  rbm.weights.assign(tf.tensor2d(W));
  rbm.visibleBias.assign(tf.tensor1d(b));
  rbm.hiddenBias.assign(tf.tensor1d(c));
  return rbm;
}

function dbmOf(W1: number[][], W2: number[][], b: number[], c1: number[], c2: number[]): Dbm {
  return { W1: tf.tensor2d(W1), W2: tf.tensor2d(W2), b: tf.tensor1d(b), c1: tf.tensor1d(c1), c2: tf.tensor1d(c2) };
}

describe('DBM pretraining (rbm.m, rbm_l2.m, dbm_mf.m)', () => {
  it('the bottom RBM doubles W and the hidden biases going up only; the top RBM doubles W and the visible biases going down only', () => {
    const rbm = rbmWith([[0.5, -1], [2, 0.25]], [0.1, -0.2], [0.3, -0.4]);
    const v = tf.tensor2d([[1, 0], [1, 1]]);
    const h = tf.tensor2d([[0, 1]]);
    // Plain inputs: v·W + c = [0.5+0.3, −1−0.4] and [2.5+0.3, −0.75−0.4]; h·Wᵀ + b = [−1+0.1, 0.25−0.2].
    expect(values(hiddenInput(rbm, v, 'bottom'))).toEqual([1.6, -2.8, 5.6, -2.3].map((x) => expect.closeTo(x, 5)));
    expect(values(hiddenInput(rbm, v, 'top'))).toEqual([0.8, -1.4, 2.8, -1.15].map((x) => expect.closeTo(x, 5)));
    expect(values(visibleInput(rbm, h, 'bottom'))).toEqual([-0.9, 0.05].map((x) => expect.closeTo(x, 5)));
    expect(values(visibleInput(rbm, h, 'top'))).toEqual([-1.8, 0.1].map((x) => expect.closeTo(x, 5)));
    disposeRbm(rbm);
  });

  it('a CD step of the doubled RBM moves W by the plain statistics (not doubled) with weight cost, as rbm.m', () => {
    // Saturated data and weights of 0: the positive and negative hidden probabilities are σ(0) = 0.5 at
    // every unit, so ⟨vh⟩ differs only through the sampled negative v; with lr 1, momentum 0 and one
    // example, ΔW_ij = (v_i − v'_i)·0.5 − λW_ij with W = 0 and Δc = 0.
    const rbm = rbmWith([[0, 0], [0, 0], [0, 0]], [0, 0, 0], [0, 0]);
    const trainer = new DoubledRbmTrainer(rbm, 'bottom', 0.001);
    trainer.step(tf.tensor2d([[1, 1, 1]]), { learningRate: 1, momentum: 0, cdSteps: 1 }, 7);
    const W = values(rbm.weights);
    for (const w of W) expect([0, 0.5]).toContainEqual(expect.closeTo(w, 6));
    expect(values(rbm.hiddenBias)).toEqual([expect.closeTo(0, 6), expect.closeTo(0, 6)]);
    trainer.dispose();
    disposeRbm(rbm);
  });

  it('the joint model keeps both weight matrices as trained (no halving); h1’s bias is RBM 1’s hidden bias plus RBM 2’s visible bias', () => {
    const bottom = rbmWith([[0.5, -1], [2, 0.25], [0.1, 0.2]], [0.1, -0.2, 0.3], [0.3, -0.4]);
    const top = rbmWith([[1, 2, 3], [-1, -2, -3]], [0.7, 0.9], [-0.5, 0, 0.5]);
    const dbm = composeDbm({
      bottom: { W: bottom.weights, visibleBias: bottom.visibleBias, hiddenBias: bottom.hiddenBias },
      top: { W: top.weights, visibleBias: top.visibleBias, hiddenBias: top.hiddenBias },
    });
    expect(values(dbm.W1)).toEqual(values(bottom.weights));
    expect(values(dbm.W2)).toEqual(values(top.weights));
    expect(values(dbm.b)).toEqual(values(bottom.visibleBias));
    expect(values(dbm.c1)).toEqual([1.0, 0.5].map((x) => expect.closeTo(x, 6)));
    expect(values(dbm.c2)).toEqual(values(top.hiddenBias));
    disposeRbm(bottom);
    disposeRbm(top);
  });
});

describe('DBM mean field and bound', () => {
  // One visible, one h1 and one h2 unit: μ1 = σ(w1·v + w2·μ2 + c1), μ2 = σ(w2·μ1 + c2), solved by hand.
  const w1 = 2;
  const w2 = -1.5;
  const c1 = -0.5;
  const c2 = 0.8;
  const tiny = () => dbmOf([[w1]], [[w2]], [0.2], [c1], [c2]);

  it('starts from the doubled bottom-up pass and reaches the fixed point of both equations', () => {
    const dbm = tiny();
    const v = tf.tensor2d([[1]]);
    const start = meanField(dbm, v, 0);
    const mu1Start = sigmoid(2 * w1 + c1);
    expect(values(start.mu1)[0]).toBeCloseTo(mu1Start, 6);
    expect(values(start.mu2)[0]).toBeCloseTo(sigmoid(w2 * mu1Start + c2), 6);

    // The fixed point by bisection on μ1 = σ(w1 + w2·σ(w2·μ1 + c2) + c1) (the right side falls as μ1 grows, so it is unique).
    let low = 0;
    let high = 1;
    for (let i = 0; i < 100; i++) {
      const mid = (low + high) / 2;
      if (sigmoid(w1 + w2 * sigmoid(w2 * mid + c2) + c1) > mid) low = mid;
      else high = mid;
    }
    const mu1 = (low + high) / 2;
    const mu2 = sigmoid(w2 * mu1 + c2);
    const q = meanField(dbm, v, 50);
    expect(values(q.mu1)[0]).toBeCloseTo(mu1, 5);
    expect(values(q.mu2)[0]).toBeCloseTo(mu2, 5);
    // And mf.m's early stop: far fewer than 50 updates once nothing moves by 1e-7.
    const stopped = meanField(dbm, v, 50, 1e-7);
    expect(stopped.updatesDone).toBeLessThan(50);
    expect(values(stopped.mu1)[0]).toBeCloseTo(mu1, 5);
  });

  it('the bound is below the exact log-probability and equals it when q is the true posterior’s mean field on a factorised model', () => {
    const dbm = tiny();
    const logZ = exactDbmLogPartition(dbm);
    // Exact log p(v = 1) by enumerating h1, h2.
    let sum = 0;
    for (const h1 of [0, 1]) for (const h2 of [0, 1]) sum += Math.exp(w1 * h1 + w2 * h1 * h2 + 0.2 + c1 * h1 + c2 * h2);
    const exact = Math.log(sum) - logZ;
    const v = tf.tensor2d([[1]]);
    const bound = values(lowerBound(dbm, v, meanField(dbm, v, 50), logZ))[0];
    expect(bound).toBeLessThanOrEqual(exact + 1e-6);
    expect(bound).toBeGreaterThan(exact - 0.5);

    // Without W2 the posterior factorises: mean field is exact and the bound is tight.
    const separable = dbmOf([[w1]], [[0]], [0.2], [c1], [c2]);
    const separableZ = exactDbmLogPartition(separable);
    const exactSeparable = Math.log((1 + Math.exp(w1 + c1)) * (1 + Math.exp(c2))) + 0.2 - separableZ;
    expect(values(lowerBound(separable, v, meanField(separable, v, 50), separableZ))[0]).toBeCloseTo(exactSeparable, 4);
  });

  it('AIS over h1 (v and h2 summed out) agrees with the exact log Z of a small DBM', () => {
    const rng = (i: number) => Math.sin(i * 12.9898) * 0.8;
    const V = 12;
    const H1 = 8;
    const H2 = 6;
    const W1 = Array.from({ length: V }, (_, i) => Array.from({ length: H1 }, (_, j) => rng(i * H1 + j + 1)));
    const W2 = Array.from({ length: H1 }, (_, j) => Array.from({ length: H2 }, (_, k) => rng(500 + j * H2 + k)));
    const dbm = dbmOf(W1, W2, Array.from({ length: V }, (_, i) => rng(900 + i) - 0.3), Array.from({ length: H1 }, (_, j) => rng(950 + j)), Array.from({ length: H2 }, (_, k) => rng(990 + k)));
    const exact = exactDbmLogPartition(dbm);
    const estimate = estimateDbmLogPartition(dbm, new Float32Array(V).fill(-1), { runs: 100, betas: 2000, seed: 3 });
    expect(Math.abs(estimate.logZ - exact)).toBeLessThan(0.05);
    expect(estimate.logZLow).toBeLessThanOrEqual(exact + 0.05);
    expect(estimate.logZHigh).toBeGreaterThanOrEqual(exact - 0.05);

    // A factorial base over h1 and h2 from the data's mean field is another start of the same path to Z.
    const data = Float32Array.from({ length: 40 * V }, (_, i) => (rng(2000 + i) > 0 ? 1 : 0));
    const hiddenBase = hiddenBaseRates(dbm, data, 40, V, 40, 10);
    expect(hiddenBase.h1.length).toBe(H1);
    expect(hiddenBase.h2.length).toBe(H2);
    expect(hiddenBase.h1.some((a) => Math.abs(a) > 0.1)).toBe(true);
    const withBase = estimateDbmLogPartition(dbm, new Float32Array(V).fill(-1), { runs: 100, betas: 2000, seed: 3, hiddenBase });
    expect(Math.abs(withBase.logZ - exact)).toBeLessThan(0.05);
    // A wrong-sized base is refused, not broadcast.
    expect(() => estimateDbmLogPartition(dbm, new Float32Array(V), { runs: 2, betas: 10, seed: 3, hiddenBase: { h1: new Float32Array(H1 + 1), h2: hiddenBase.h2 } })).toThrow(/hidden base/);
  });
});

describe('DBM AIS base', () => {
  it('on a peaked DBM the data’s mean-field base finds log Z with few temperatures where the uniform base falls short', () => {
    // Seeded N(0, 1) weights scaled by 2.5: a model whose h1 marginal is far from uniform.
    let state = 7;
    const normal = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      const u1 = (state + 1) / 2147483649;
      state = (state * 1103515245 + 12345) % 2147483648;
      const u2 = (state + 1) / 2147483649;
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    };
    const [V, H1, H2] = [16, 10, 6];
    const matrix = (rows: number, cols: number, scale: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * normal()));
    const dbm = dbmOf(matrix(V, H1, 2.5), matrix(H1, H2, 2.5), Array.from({ length: V }, () => -1), Array.from({ length: H1 }, () => -2), Array.from({ length: H2 }, () => -1));
    const exact = exactDbmLogPartition(dbm);
    // Exact samples of v: h1 from its marginal (enumerated), then v given h1.
    const W1 = dbm.W1.arraySync() as number[][];
    const W2 = dbm.W2.arraySync() as number[][];
    const logMarginal = (h: number[]) => {
      let sum = -2 * h.reduce((a, x) => a + x, 0);
      for (let i = 0; i < V; i++) sum += Math.log1p(Math.exp(-1 + h.reduce((a, x, j) => a + x * W1[i][j], 0)));
      for (let k = 0; k < H2; k++) sum += Math.log1p(Math.exp(-1 + h.reduce((a, x, j) => a + x * W2[j][k], 0)));
      return sum;
    };
    const states = Array.from({ length: 2 ** H1 }, (_, s) => Array.from({ length: H1 }, (_, j) => (s >> j) & 1));
    const weights = states.map((h) => Math.exp(logMarginal(h) - exact));
    const count = 300;
    const data = new Float32Array(count * V);
    for (let n = 0; n < count; n++) {
      let u = (n + 0.5) / count;
      let s = 0;
      while (s < states.length - 1 && u > weights[s]) u -= weights[s++];
      for (let i = 0; i < V; i++) {
        const p = sigmoid(-1 + states[s].reduce((a, x, j) => a + x * W1[i][j], 0));
        data[n * V + i] = ((n * 7919 + i * 104729) % 1000) / 1000 < p ? 1 : 0;
      }
    }
    const visibleBase = new Float32Array(V).fill(-1);
    const uniform = estimateDbmLogPartition(dbm, visibleBase, { runs: 50, betas: 100, seed: 5 });
    const fromData = estimateDbmLogPartition(dbm, visibleBase, { runs: 50, betas: 100, seed: 5, hiddenBase: hiddenBaseRates(dbm, data, count, V, count, 30) });
    expect(Math.abs(fromData.logZ - exact)).toBeLessThan(Math.abs(uniform.logZ - exact));
    expect(Math.abs(fromData.logZ - exact)).toBeLessThan(0.5);
  });
});

describe('DBM joint training and fine-tuning', () => {
  it('the learning rate falls by 1.000015 per batch down to its floor (dbm_mf.m)', () => {
    expect(jointLearningRate(0.001, 1.000015, 0.0001, 0)).toBeCloseTo(0.001 / 1.000015, 12);
    expect(jointLearningRate(0.001, 1.000015, 0.0001, 999)).toBeCloseTo(0.001 / 1.000015 ** 1000, 12);
    expect(jointLearningRate(0.001, 1.000015, 0.0001, 10_000_000)).toBe(0.0001);
  });

  it('h1 of the classifier receives v·W1 + q(h2)·W2ᵀ; with inverted dropout the expected input at the first step is the pretrained net’s (the 1/p rule)', () => {
    const W1 = tf.variable(tf.tensor2d([[1, -1], [0.5, 2]]));
    const W2 = tf.tensor2d([[0.3, -0.2, 0.1], [0.4, 0.5, -0.6]]);
    const net: DbmClassifier = {
      W1,
      U: tf.variable(tf.transpose(W2)),
      c1: tf.variable(tf.tensor1d([0.1, -0.1])),
      W2: tf.variable(W2),
      c2: tf.variable(tf.zeros([3])),
      Wout: tf.variable(tf.eye(3)),
      bout: tf.variable(tf.zeros([3])),
    };
    const v = tf.tensor2d([[1, 0]]);
    const q2 = tf.tensor2d([[0.5, 0.2, 0.9]]);
    // h1 input by hand: v·W1 = [1, −1]; q2·W2ᵀ = [0.15 − 0.04 + 0.09, 0.2 + 0.1 − 0.54] = [0.2, −0.24].
    const h1 = [sigmoid(1 + 0.2 + 0.1), sigmoid(-1 - 0.24 - 0.1)];
    const h2 = [0, 1, 2].map((k) => sigmoid(h1[0] * [0.3, -0.2, 0.1][k] + h1[1] * [0.4, 0.5, -0.6][k]));
    const noDrop = { input: 0, hidden1: 0, hidden2: 0 };
    expect(values(classifierLogits(net, v, q2, noDrop, null))).toEqual(h2.map((x) => expect.closeTo(x, 5)));

    // Average the output layer's input over many dropout masks on h2 (rate 0.5): it matches the net without dropout.
    const rows = 4000;
    const many = classifierLogits(net, tf.tile(v, [rows, 1]) as tf.Tensor2D, tf.tile(q2, [rows, 1]) as tf.Tensor2D, { input: 0, hidden1: 0, hidden2: 0.5 }, { seed: 5 });
    expect(values(tf.mean(many, 0))).toEqual(h2.map((x) => expect.closeTo(x, 1)));
  });
  it('burn-in moves the persistent chains to the model’s distribution without changing the model', () => {
    // A DBM small enough to enumerate h1: E[v] = Σ p(h1)·σ(h1·W1ᵀ + b), p(h1) ∝ exp(c1·h1)·Π(1 + e^(W1h1 + b))·Π(1 + e^(h1W2 + c2)).
    const rng = (i: number) => Math.sin(i * 78.233) * 1.5;
    const V = 6;
    const H1 = 5;
    const H2 = 3;
    const W1 = Array.from({ length: V }, (_, i) => Array.from({ length: H1 }, (_, j) => rng(i * H1 + j + 1)));
    const W2 = Array.from({ length: H1 }, (_, j) => Array.from({ length: H2 }, (_, k) => rng(100 + j * H2 + k)));
    const b = Array.from({ length: V }, (_, i) => rng(200 + i) - 1);
    const c1 = Array.from({ length: H1 }, (_, j) => rng(300 + j));
    const c2 = Array.from({ length: H2 }, (_, k) => rng(400 + k));
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    let total = 0;
    const expected = new Array<number>(V).fill(0);
    for (let state = 0; state < 1 << H1; state++) {
      const h = Array.from({ length: H1 }, (_, j) => (state >> j) & 1);
      const down = b.map((bias, i) => bias + h.reduce((sum, hj, j) => sum + hj * W1[i][j], 0));
      const up = c2.map((bias, k) => bias + h.reduce((sum, hj, j) => sum + hj * W2[j][k], 0));
      const weight = Math.exp(h.reduce((sum, hj, j) => sum + hj * c1[j], 0) + down.reduce((sum, x) => sum + softplus(x), 0) + up.reduce((sum, x) => sum + softplus(x), 0));
      total += weight;
      down.forEach((x, i) => (expected[i] += weight * sigmoid(x)));
    }
    const exact = expected.map((value) => value / total);
    const dbm: DbmVariables = { W1: tf.variable(tf.tensor2d(W1)), W2: tf.variable(tf.tensor2d(W2)), b: tf.variable(tf.tensor1d(b)), c1: tf.variable(tf.tensor1d(c1)), c2: tf.variable(tf.tensor1d(c2)) };
    const before = [dbm.W1, dbm.W2, dbm.b, dbm.c1, dbm.c2].map(values);
    const options = { chains: 4000, meanFieldUpdates: 10, gibbsSteps: 1, weightDecay: 0, sparsity: null, seed: 9 };
    const start = new JointTrainer(dbm, options);
    const atStart = values(tf.mean(start.chainVisible, 0));
    const trainer = new JointTrainer(dbm, options);
    trainer.burnIn(120);
    const burnt = values(tf.mean(trainer.chainVisible, 0));
    const distance = (a: number[]) => Math.max(...a.map((value, i) => Math.abs(value - exact[i])));
    expect(distance(atStart)).toBeGreaterThan(0.1);
    expect(distance(burnt)).toBeLessThan(0.03);
    expect([dbm.W1, dbm.W2, dbm.b, dbm.c1, dbm.c2].map(values)).toEqual(before);
    start.dispose();
    trainer.dispose();
  });
});
