import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../../../src-main/engine/model';
import { assignWeights, loadWeights, saveWeights } from '../../../src-main/engine/weights-io';
import { SpecError } from '../../../src-shared/network/analysis-types';
import { chainSpec, config, expectClose, spiralsMlp, useTrainerBackend, values } from './helpers';

beforeAll(useTrainerBackend);
const dir = mkdtempSync(join(tmpdir(), 'layerlab-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kernelOf = (model: ReturnType<typeof buildModel>, nodeId: string) => values(model.weights.find((w) => w.nodeId === nodeId && w.def.name === 'kernel')!.variable);

describe('buildModel', () => {
  test('weights take their shapes from the catalog; biases start at zero', () => {
    const model = buildModel(spiralsMlp(16), config().init, 1);
    expect(model.weights.map((w) => `${w.nodeId}.${w.def.name}:${w.variable.shape.join('x')}`)).toEqual([
      'h1.kernel:2x16',
      'h1.bias:16',
      'h2.kernel:16x16',
      'h2.bias:16',
      'out.kernel:16x2',
      'out.bias:2',
    ]);
    expect(values(model.weights[1].variable).every((v) => v === 0)).toBe(true);
    model.dispose();
  });

  test('same seed, same initial weights; another seed, others', () => {
    const a = buildModel(spiralsMlp(), config().init, 1);
    const b = buildModel(spiralsMlp(), config().init, 1);
    const c = buildModel(spiralsMlp(), config().init, 2);
    expect(kernelOf(a, 'h2')).toEqual(kernelOf(b, 'h2'));
    expect(kernelOf(a, 'h2')).not.toEqual(kernelOf(c, 'h2'));
    [a, b, c].forEach((m) => m.dispose());
  });

  test('initialisers: Glorot uniform within ±√(6/(fanIn+fanOut)), He normal sd √(2/fanIn), normal sd σ', () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [400] } },
      { id: 'fc', kind: 'dense', params: { units: 200 } },
    ]);
    const stats = (init: Parameters<typeof config>[0]) => {
      const model = buildModel(spec, config(init).init, 3);
      const w = kernelOf(model, 'fc');
      model.dispose();
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
      return { mean, sd, maxAbs: Math.max(...w.map(Math.abs)) };
    };
    const glorot = stats({ init: { kind: 'glorot' } });
    const limit = Math.sqrt(6 / 600);
    expect(glorot.maxAbs).toBeLessThanOrEqual(limit);
    expect(glorot.maxAbs).toBeGreaterThan(0.99 * limit);
    expect(glorot.sd).toBeCloseTo(limit / Math.sqrt(3), 3);
    expect(stats({ init: { kind: 'he' } }).sd).toBeCloseTo(Math.sqrt(2 / 400), 3);
    const normal = stats({ init: { kind: 'normal', sigma: 0.01 } });
    expect(normal.sd).toBeCloseTo(0.01, 4);
    expect(Math.abs(normal.mean)).toBeLessThan(0.0005);
  });

  test('a softmax output is recognised and left out for logits', () => {
    const model = buildModel(spiralsMlp(), config().init, 1);
    expect(model.softmaxOutput).toBe(true);
    const [probabilities, logits] = tf.tidy(() => {
      const x = tf.tensor2d([[0.3, -0.2], [1, 1]]);
      return [values(model.apply(x, { training: false })), values(model.apply(x, { training: false, logits: true }))];
    });
    const row = logits.slice(0, 2).map(Math.exp);
    expectClose(probabilities.slice(0, 2), row.map((v) => v / (row[0] + row[1])));
    model.dispose();
  });

  test('a separate softmax activation node counts as a softmax output too', () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [3] } },
      { id: 'fc', kind: 'dense', params: { units: 4 } },
      { id: 'sm', kind: 'activation', params: { fn: 'softmax' } },
    ]);
    const model = buildModel(spec, config().init, 1);
    expect(model.softmaxOutput).toBe(true);
    model.dispose();
  });

  test('a branching graph with concatenate runs inputs in edge order', () => {
    const spec = {
      format: 1 as const,
      name: 'branches',
      nodes: [
        { id: 'in', kind: 'input', params: { shape: [2] } },
        { id: 'a', kind: 'dense', params: { units: 3 } },
        { id: 'b', kind: 'dense', params: { units: 1 } },
        { id: 'join', kind: 'concatenate', params: {} },
      ],
      edges: [
        { from: 'in', to: 'a' },
        { from: 'in', to: 'b' },
        { from: 'a', to: 'join' },
        { from: 'b', to: 'join' },
      ],
    };
    const model = buildModel(spec, config().init, 1);
    expect(model.outputShape).toEqual([4]);
    const out = tf.tidy(() => model.apply(tf.ones([5, 2]), { training: false }).shape);
    expect(out).toEqual([5, 4]);
    model.dispose();
  });

  test('an invalid spec throws SpecError naming the node', () => {
    const bad = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'fc', kind: 'dense', params: { units: -3 } },
    ]);
    expect(() => buildModel(bad, config().init, 1)).toThrow(SpecError);
    expect(() => buildModel(bad, config().init, 1)).toThrow(/node "fc": units/);
  });
});

describe('weights.json', () => {
  test('save → load → assign reproduces the outputs exactly', () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [4, 4, 1] } },
      { id: 'conv', kind: 'conv2d', params: { filters: 3, kernelSize: 3, activation: 'relu' } },
      { id: 'flat', kind: 'flatten' },
      { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
    ]);
    const original = buildModel(spec, config().init, 5);
    const path = join(dir, 'artifacts', 'r1', 'weights.json');
    const preprocessing = { mode: 'standardise' as const, input: { offset: range(16, (i) => i / 3), scale: range(16, (i) => 1 / (i + 0.7)) }, target: null };
    expect(saveWeights(original, path, preprocessing)).toBeGreaterThan(100);
    const loaded = loadWeights(path);
    expect(loaded.spec).toEqual(spec);
    expect(loaded.preprocessing).toEqual(preprocessing);
    const copy = buildModel(loaded.spec, config().init, 99);
    assignWeights(copy, loaded);
    const x = tf.randomUniform([3, 4, 4, 1], 0, 1, 'float32', 1);
    const [a, b] = tf.tidy(() => [values(original.apply(x, { training: false })), values(copy.apply(x, { training: false }))]);
    expect(b).toEqual(a);
    const other = buildModel(spiralsMlp(), config().init, 1);
    expect(() => assignWeights(other, loaded)).toThrow(/node "h1": the weights file has no "kernel"/);
    [original, copy, other].forEach((m) => m.dispose());
    x.dispose();
  });

  test('a format 1 file (before preprocessing was recorded) still loads, with preprocessing null', () => {
    const model = buildModel(spiralsMlp(4), config().init, 2);
    const path = join(dir, 'artifacts', 'old', 'weights.json');
    saveWeights(model, path, { mode: 'scale', input: { offset: [0, 0], scale: [1, 1] }, target: null });
    const { preprocessing, ...formatOne } = JSON.parse(readFileSync(path, 'utf8'));
    expect(preprocessing.mode).toBe('scale');
    writeFileSync(path, JSON.stringify({ ...formatOne, format: 1 }));
    const loaded = loadWeights(path);
    expect(loaded.preprocessing).toBeNull();
    expect(Array.from(loaded.weights.h1.kernel.values)).toEqual(kernelOf(model, 'h1'));
    model.dispose();
  });

  test('preprocessing that does not fit the network is refused, naming the file and field', () => {
    const model = buildModel(spiralsMlp(4), config().init, 2);
    const path = join(dir, 'artifacts', 'bad-pre', 'weights.json');
    saveWeights(model, path, { mode: 'centre', input: { offset: [1, 2, 3], scale: [1, 1, 1] }, target: null });
    expect(() => loadWeights(path)).toThrow(`${path}: "preprocessing.input" holds 3 values per example, the network's input has 2`);
    saveWeights(model, path, { mode: 'sideways' as 'none', input: null, target: null });
    expect(() => loadWeights(path)).toThrow(/"preprocessing.mode" must be one of none, scale, centre, standardise, got "sideways"/);
    model.dispose();
  });
});

function range(length: number, value: (i: number) => number): number[] {
  return Array.from({ length }, (_, i) => value(i));
}
