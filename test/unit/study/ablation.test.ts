import { describe, expect, it } from 'vitest';
import { ablateDropout } from '../../../src-shared/study';
import { validateSpec, type ModelSpec } from '../../../src-shared/network';

const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({ id, kind, params });

const paperNet: ModelSpec = {
  format: 1,
  name: 'mlp',
  nodes: [
    node('in', 'input', { shape: [28, 28, 1] }),
    node('flat', 'flatten'),
    node('drop_in', 'dropout', { rate: 0.2 }),
    node('h1', 'dense', { units: 8, activation: 'relu' }),
    node('drop1', 'dropout', { rate: 0.5 }),
    node('h2', 'dense', { units: 8, activation: 'relu' }),
    node('drop2', 'dropout', { rate: 0.5 }),
    node('out', 'dense', { units: 10, activation: 'softmax' }),
  ],
  edges: [
    { from: 'in', to: 'flat' },
    { from: 'flat', to: 'drop_in' },
    { from: 'drop_in', to: 'h1' },
    { from: 'h1', to: 'drop1' },
    { from: 'drop1', to: 'h2' },
    { from: 'h2', to: 'drop2' },
    { from: 'drop2', to: 'out' },
  ],
};

describe('ablateDropout', () => {
  const config = { learningRate: 10, seed: 3, maxNorm: { limit: 15, measure: 'squared-length' as const }, epochs: 7 };

  it('bypasses every dropout node and turns max-norm off, keeping everything else', () => {
    const ablation = ablateDropout(paperNet, config);
    expect(ablation.removedNodes).toEqual(['drop_in', 'drop1', 'drop2']);
    expect(ablation.removedMaxNorm).toBe(true);
    expect(ablation.spec.nodes.map((n) => n.id)).toEqual(['in', 'flat', 'h1', 'h2', 'out']);
    expect(ablation.spec.edges).toEqual([
      { from: 'in', to: 'flat' },
      { from: 'flat', to: 'h1' },
      { from: 'h1', to: 'h2' },
      { from: 'h2', to: 'out' },
    ]);
    expect(ablation.config).toEqual({ learningRate: 10, seed: 3, epochs: 7, maxNorm: null });
    // The shared layers are the same objects' data: same ids and params.
    for (const kept of ablation.spec.nodes) expect(kept).toEqual(paperNet.nodes.find((n) => n.id === kept.id));
    expect(() => validateSpec(ablation.spec)).not.toThrow();
    expect(paperNet.nodes).toHaveLength(8);
  });

  it('follows chains of dropout nodes and keeps the input order of a concatenate', () => {
    const spec: ModelSpec = {
      format: 1,
      name: 'branches',
      nodes: [
        node('in', 'input', { shape: [4] }),
        node('a', 'dense', { units: 3 }),
        node('d1', 'dropout'),
        node('d2', 'dropout'),
        node('b', 'dense', { units: 2 }),
        node('cat', 'concatenate'),
        node('out', 'dense', { units: 2, activation: 'softmax' }),
      ],
      edges: [
        { from: 'in', to: 'a' },
        { from: 'a', to: 'd1' },
        { from: 'd1', to: 'd2' },
        { from: 'in', to: 'b' },
        { from: 'd2', to: 'cat' },
        { from: 'b', to: 'cat' },
        { from: 'cat', to: 'out' },
      ],
    };
    const ablation = ablateDropout(spec, {});
    expect(ablation.spec.edges).toEqual([
      { from: 'in', to: 'a' },
      { from: 'in', to: 'b' },
      { from: 'a', to: 'cat' },
      { from: 'b', to: 'cat' },
      { from: 'cat', to: 'out' },
    ]);
    expect(ablation.removedMaxNorm).toBe(false);
    expect(() => validateSpec(ablation.spec)).not.toThrow();
  });
});
