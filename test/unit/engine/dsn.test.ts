import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, type ModelSpec } from '../../../src-shared/network';
import { checkDsnNetwork } from '../../../src-shared/procedures/dsn';
import { networkOutline } from '../../../src-shared/procedures/outline';
import { initBackend } from '../../../src-main/engine/backend';
import { moduleOutputs, outputErrors, solveUpperWeights, type StackedInput } from '../../../src-main/engine/procedures/dsn-solve';
import { createRng } from '../../../src-main/engine/rng';

/** H (n × (L+1), a constant unit last) = [σ(XW + b), 1] in float64. */
function hiddenWithBias(x: Float32Array, n: number, d: number, w: Float32Array, b: Float32Array): Float64Array[] {
  const L = b.length;
  return Array.from({ length: n }, (_, row) => {
    const h = new Float64Array(L + 1);
    for (let j = 0; j < L; j++) {
      let a = b[j];
      for (let i = 0; i < d; i++) a += x[row * d + i] * w[i * L + j];
      h[j] = 1 / (1 + Math.exp(-a));
    }
    h[L] = 1;
    return h;
  });
}

/**
 * The ridge least-squares problem min ‖HU − T‖² + λ‖U without its bias row‖², one class column at a time,
 * by conjugate gradients with products by H and Hᵀ only (HᵀH is never formed), run until the residual is 1e-12.
 */
function conjugateGradientSolve(h: Float64Array[], labels: Int32Array, classes: number, lambda: number): Float64Array[] {
  const width = h[0].length;
  const apply = (v: Float64Array) => {
    const out = new Float64Array(width);
    for (const row of h) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += row[j] * v[j];
      for (let j = 0; j < width; j++) out[j] += row[j] * dot;
    }
    for (let j = 0; j < width - 1; j++) out[j] += lambda * v[j];
    return out;
  };
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, value, i) => sum + value * b[i], 0);
  return Array.from({ length: classes }, (_, c) => {
    const rhs = new Float64Array(width);
    h.forEach((row, n) => {
      if (labels[n] === c) for (let j = 0; j < width; j++) rhs[j] += row[j];
    });
    const u = new Float64Array(width);
    const r = Float64Array.from(rhs);
    const p = Float64Array.from(r);
    let rr = dot(r, r);
    for (let iteration = 0; iteration < 10 * width && Math.sqrt(rr) > 1e-12 * Math.sqrt(dot(rhs, rhs)); iteration++) {
      const ap = apply(p);
      const alpha = rr / dot(p, ap);
      for (let j = 0; j < width; j++) {
        u[j] += alpha * p[j];
        r[j] -= alpha * ap[j];
      }
      const next = dot(r, r);
      for (let j = 0; j < width; j++) p[j] = r[j] + (next / rr) * p[j];
      rr = next;
    }
    return u;
  });
}

function randomProblem(n: number, d: number, hidden: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n * d }, () => rng.normal());
  const labels = Int32Array.from({ length: n }, () => rng.int(classes));
  const lower = Float32Array.from({ length: d * hidden }, () => rng.normal() * 0.7);
  const lowerBias = Float32Array.from({ length: hidden }, () => rng.normal());
  return { x, labels, lower, lowerBias };
}

describe('DSN module solve', () => {
  beforeAll(async () => {
    await initBackend({ maxThreads: 1 });
  });

  it('the closed form U = (HHᵀ + λI)⁻¹HTᵀ equals an iterative least-squares solve (conjugate gradients to convergence)', () => {
    const [n, d, hidden, classes, lambda] = [300, 7, 16, 4, 0.5];
    const { x, labels, lower, lowerBias } = randomProblem(n, d, hidden, classes, 13);
    const input: StackedInput = { x, size: d, count: n, lowerOutputs: [], classes };
    const closed = solveUpperWeights(input, labels, lower, lowerBias, lambda);
    const iterative = conjugateGradientSolve(hiddenWithBias(x, n, d, lower, lowerBias), labels, classes, lambda);
    let worst = 0;
    let largest = 0;
    for (let c = 0; c < classes; c++) {
      for (let j = 0; j < hidden; j++) {
        worst = Math.max(worst, Math.abs(closed.upper[j * classes + c] - iterative[c][j]));
        largest = Math.max(largest, Math.abs(iterative[c][j]));
      }
      worst = Math.max(worst, Math.abs(closed.upperBias[c] - iterative[c][hidden]));
    }
    expect(largest).toBeGreaterThan(0.1);
    expect(worst / largest).toBeLessThan(1e-3);
  });

  it('λ = 0 with more hidden units than examples is refused with the fix, not a wrong solve', () => {
    const { x, labels, lower, lowerBias } = randomProblem(10, 3, 40, 2, 3);
    const input: StackedInput = { x, size: 3, count: 10, lowerOutputs: [], classes: 2 };
    expect(() => solveUpperWeights(input, labels, lower, lowerBias, 0)).toThrow(/procedure dsn: HHᵀ \+ λI is not positive definite.*raise params\.lambda/);
  });

  it('a second module on [input ⊕ module 1 output] fits the training set at least as well as module 1', () => {
    const [n, d, hidden, classes] = [400, 5, 30, 3];
    const { x, labels, lower, lowerBias } = randomProblem(n, d, hidden, classes, 21);
    const input: StackedInput = { x, size: d, count: n, lowerOutputs: [], classes };
    const first = { inputs: d, hidden, classes, lower, lowerBias, ...solveUpperWeights(input, labels, lower, lowerBias, 1e-3) };
    const y1 = moduleOutputs(input, first);
    const stacked: StackedInput = { ...input, lowerOutputs: [y1] };
    // Module 2's lower weights: module 1's on the input, and a strong copy of y1 into extra hidden units.
    const rng = createRng(8);
    const hidden2 = hidden + classes;
    const lower2 = new Float32Array((d + classes) * hidden2);
    for (let i = 0; i < d; i++) for (let j = 0; j < hidden; j++) lower2[i * hidden2 + j] = lower[i * hidden + j];
    for (let c = 0; c < classes; c++) lower2[(d + c) * hidden2 + hidden + c] = 4 + rng.uniform();
    const bias2 = Float32Array.from({ length: hidden2 }, (_, j) => (j < hidden ? lowerBias[j] : -2));
    const second = { inputs: d + classes, hidden: hidden2, classes, lower: lower2, lowerBias: bias2, ...solveUpperWeights(stacked, labels, lower2, bias2, 1e-3) };
    const y2 = moduleOutputs(stacked, second);
    expect(outputErrors(y2, labels, classes).mse).toBeLessThanOrEqual(outputErrors(y1, labels, classes).mse + 1e-4);
  });
});

function stack(modules: number, overrides: (spec: ModelSpec) => void = () => {}): ModelSpec {
  const spec: ModelSpec = { format: 1, name: 'dsn', nodes: [{ id: 'in', kind: 'input', params: { shape: [4, 4, 1] } }, { id: 'flat', kind: 'flatten', params: {} }], edges: [{ from: 'in', to: 'flat' }] };
  for (let k = 1; k <= modules; k++) {
    if (k > 1) {
      spec.nodes.push({ id: `x${k}`, kind: 'concatenate', params: { axis: -1 } });
      spec.edges.push({ from: 'flat', to: `x${k}` });
      for (let j = 1; j < k; j++) spec.edges.push({ from: `y${j}`, to: `x${k}` });
    }
    spec.nodes.push({ id: `h${k}`, kind: 'dense', params: { units: 8, activation: 'sigmoid' } }, { id: `y${k}`, kind: 'dense', params: { units: 3, activation: 'linear' } });
    spec.edges.push({ from: k > 1 ? `x${k}` : 'flat', to: `h${k}` }, { from: `h${k}`, to: `y${k}` });
  }
  overrides(spec);
  return spec;
}

describe('DSN network check', () => {
  const check = (spec: ModelSpec) => checkDsnNetwork(networkOutline(analyzeSpec(spec)));

  it('accepts a stack of modules and names the node at fault in others', () => {
    expect(check(stack(3))).toEqual([]);
    expect(check(stack(2, (spec) => (spec.nodes.find((node) => node.id === 'h2')!.params.activation = 'relu')))).toEqual([expect.stringMatching(/node "h2": procedure dsn needs a sigmoid hidden layer, got relu/)]);
    expect(check(stack(2, (spec) => (spec.nodes.find((node) => node.id === 'y1')!.params.activation = 'softmax')))).toEqual([expect.stringMatching(/node "y1": .*set its activation to linear/)]);
    const skipped = stack(3, (spec) => (spec.edges = spec.edges.filter((edge) => !(edge.from === 'y1' && edge.to === 'x3'))));
    expect(check(skipped)).toEqual([expect.stringMatching(/node "h3": module 3 must read a concatenate of "in", "y1", "y2" in that order, got "in", "y2"/)]);
  });
});
