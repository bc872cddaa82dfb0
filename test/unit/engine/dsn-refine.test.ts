import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend';
import { createOptimizer } from '../../../src-main/engine/optimizers';
import { lowerGradient, ModuleRefiner } from '../../../src-main/engine/procedures/dsn-refine';
import { moduleOutputs, outputErrors, solveUpperWeights, type DsnModuleWeights, type StackedInput } from '../../../src-main/engine/procedures/dsn-solve';
import { createRng } from '../../../src-main/engine/rng';

/**
 * The module's objective with U at its optimum, in float64 and independent of the engine:
 * E(W, b) = min_U ‖HU − T‖² + λ‖U without its bias row‖², H = [σ(XW + b), 1], U by ml-matrix's Cholesky.
 */
function totalObjective(x: Float32Array, labels: Int32Array, d: number, classes: number, lambda: number, w: Float64Array, b: Float64Array): number {
  const n = labels.length;
  const hidden = b.length;
  const width = hidden + 1;
  const h = new Matrix(n, width);
  for (let row = 0; row < n; row++) {
    for (let j = 0; j < hidden; j++) {
      let a = b[j];
      for (let i = 0; i < d; i++) a += x[row * d + i] * w[i * hidden + j];
      h.set(row, j, 1 / (1 + Math.exp(-a)));
    }
    h.set(row, hidden, 1);
  }
  const t = new Matrix(n, classes);
  labels.forEach((label, row) => t.set(row, label, 1));
  const gram = h.transpose().mmul(h);
  for (let j = 0; j < hidden; j++) gram.set(j, j, gram.get(j, j) + lambda);
  const u = new CholeskyDecomposition(gram).solve(h.transpose().mmul(t));
  const residual = h.mmul(u).sub(t);
  let e = 0;
  for (let row = 0; row < n; row++) for (let c = 0; c < classes; c++) e += residual.get(row, c) ** 2;
  for (let j = 0; j < hidden; j++) for (let c = 0; c < classes; c++) e += lambda * u.get(j, c) ** 2;
  return e;
}

function problem(n: number, d: number, hidden: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * d }, () => rng.normal());
  // Labels from a nonlinear rule of x, so that better lower weights can fit them better.
  const labels = Int32Array.from({ length: n }, (_, row) => Math.abs(Math.floor(2 * Math.sin(x[row * d] * x[row * d + 1]) + x[row * d + 2])) % classes);
  const lower = Float32Array.from({ length: d * hidden }, () => rng.normal() * 0.7);
  const lowerBias = Float32Array.from({ length: hidden }, () => rng.normal());
  const input: StackedInput = { x, size: d, count: n, lowerOutputs: [], classes };
  return { x, labels, lower, lowerBias, input };
}

/** Largest |a − b| over largest |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let largest = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
    largest = Math.max(largest, Math.abs(b[i]));
  }
  return worst / largest;
}

describe('DSN refinement of the lower weights', () => {
  beforeAll(async () => {
    await initBackend({ maxThreads: 1 });
  });

  it('the gradient at U held fixed at its optimum equals a finite difference of E(W, U*(W)) (envelope theorem), 1e-3 relative; off the optimum it does not', () => {
    const [n, d, hidden, classes, lambda] = [150, 4, 6, 3, 0.3];
    const { x, labels, lower, lowerBias, input } = problem(n, d, hidden, classes, 5);
    const solved = solveUpperWeights(input, labels, lower, lowerBias, lambda);
    const weights: DsnModuleWeights = { inputs: d, hidden, classes, lower, lowerBias, upper: solved.upper, upperBias: solved.upperBias };
    const gradient = lowerGradient(input, labels, weights);

    // Central differences of the total objective, U solved again (in float64) at every perturbed W and b.
    const step = 1e-5;
    const w = Float64Array.from(lower);
    const b = Float64Array.from(lowerBias);
    const difference = (values: Float64Array, i: number) => {
      const kept = values[i];
      values[i] = kept + step;
      const up = totalObjective(x, labels, d, classes, lambda, w, b);
      values[i] = kept - step;
      const down = totalObjective(x, labels, d, classes, lambda, w, b);
      values[i] = kept;
      return (up - down) / (2 * step);
    };
    const numeric = [...Array.from(w, (_, i) => difference(w, i)), ...Array.from(b, (_, i) => difference(b, i))];
    const analytic = [...gradient.lower, ...gradient.lowerBias];
    expect(Math.max(...numeric.map(Math.abs))).toBeGreaterThan(0.1);
    expect(relativeError(analytic, numeric)).toBeLessThan(1e-3);

    // With U away from its optimum the gradient at fixed U is not the total gradient: the test can tell.
    const offOptimum = lowerGradient(input, labels, { ...weights, upper: weights.upper.map((value) => value * 1.2) });
    expect(relativeError([...offOptimum.lower, ...offOptimum.lowerBias], numeric)).toBeGreaterThan(1e-2);
  });

  it('the training squared error the solve reports from HᵀH and HᵀT equals the module\u2019s outputs against the targets', () => {
    const { labels, lower, lowerBias, input } = problem(500, 6, 25, 4, 9);
    const solved = solveUpperWeights(input, labels, lower, lowerBias, 0.5);
    const outputs = moduleOutputs(input, { inputs: 6, hidden: 25, classes: 4, lower, lowerBias, upper: solved.upper, upperBias: solved.upperBias });
    const measured = outputErrors(outputs, labels, 4).mse;
    expect(Math.abs(solved.trainMse - measured) / measured).toBeLessThan(1e-4);
  });

  it('one refinement epoch (minibatch steps on W at fixed U, then U solved again) lowers the module\u2019s training squared error', () => {
    const [n, d, hidden, classes, lambda] = [600, 6, 20, 3, 0.1];
    const { labels, lower, lowerBias, input } = problem(n, d, hidden, classes, 17);
    const solved = solveUpperWeights(input, labels, lower, lowerBias, lambda);
    const optimizer = createOptimizer({ kind: 'sgd', momentum: 0.9, nesterov: false });
    const refiner = new ModuleRefiner(input, labels, { inputs: d, hidden, classes, lower, lowerBias, upper: solved.upper, upperBias: solved.upperBias }, lambda, optimizer);
    try {
      const rng = createRng(3);
      const order = Array.from({ length: n }, (_, i) => i).sort(() => rng.uniform() - 0.5);
      for (let start = 0; start < n; start += 50) refiner.step(order.slice(start, start + 50), { learningRate: 0.5, momentum: 0.9 });
      const after = refiner.resolve();
      expect(after, `before ${solved.trainMse}, after ${after}`).toBeLessThan(0.99 * solved.trainMse);
      // The refined module's own outputs give the figure the solve reported.
      const measured = outputErrors(moduleOutputs(input, refiner.weights), labels, classes).mse;
      expect(Math.abs(after - measured) / measured).toBeLessThan(1e-4);
    } finally {
      refiner.dispose();
      optimizer.dispose();
    }
  });
});
