import { describe, expect, it } from 'vitest';
import { applyOverrides, type PlanBase } from '../../../src-shared/plans';

const base = (): PlanBase => ({
  spec: {
    format: 1,
    name: 'mlp',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'h1', kind: 'dense', params: { units: 32, activation: 'relu' } },
      { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'h1' },
      { from: 'h1', to: 'out' },
    ],
  },
  config: { learningRate: 0.1, optimizer: { kind: 'sgd', momentum: 0.9 }, maxNorm: { limit: 3 } },
  dataset: { name: 'spirals', trainLimit: 500 },
});

describe('applyOverrides', () => {
  it('sets each override at its dotted path and leaves the base as it was', () => {
    const original = base();
    const out = applyOverrides(original, [
      { path: 'config.learningRate', value: 0.01 },
      { path: 'config.optimizer.kind', value: 'adam' },
      { path: 'config.maxNorm', value: null },
      { path: 'node.h1.units', value: 16 },
      { path: 'dataset.trainLimit', value: null },
      { path: 'dataset.testLimit', value: 100 },
    ]);
    expect(out.config).toEqual({ learningRate: 0.01, optimizer: { kind: 'adam', momentum: 0.9 }, maxNorm: null });
    expect(out.spec.nodes[1].params).toEqual({ units: 16, activation: 'relu' });
    expect(out.dataset).toEqual({ name: 'spirals', testLimit: 100 });
    expect(original).toEqual(base());
    // A null max-norm given a limit becomes an object again.
    expect(applyOverrides({ ...base(), config: { maxNorm: null } }, [{ path: 'config.maxNorm.limit', value: 2 }]).config).toEqual({ maxNorm: { limit: 2 } });
  });

  it('sets procedure params, and the procedure kind', () => {
    const pca = applyOverrides(base(), [
      { path: 'procedure.kind', value: 'pca' },
      { path: 'procedure.scatterPoints', value: 500 },
    ]);
    expect(pca.procedure).toEqual({ kind: 'pca', params: { scatterPoints: 500 } });
    expect(() => applyOverrides(pca, [{ path: 'procedure.components', value: 3 }])).toThrow(
      'procedure.components: procedure "pca" has no param "components"; params: reconstructionImages, scatterPoints',
    );
    expect(() => applyOverrides({ ...base(), procedure: { kind: 'backprop', params: {} } }, [{ path: 'procedure.components', value: 3 }])).toThrow(
      'procedure.components: procedure "backprop" has no param "components"; params: (none)',
    );
  });

  it('names the path at fault and what exists there', () => {
    const fails = (path: string) => () => applyOverrides(base(), [{ path, value: 1 }]);
    expect(fails('node.h9.units')).toThrow('node.h9.units: no node "h9"; nodes: in, h1, out');
    expect(fails('node.h1.unitz')).toThrow(/^node\.h1\.unitz: node "h1" \(dense\) has no param "unitz"; params: units, /);
    expect(fails('node.h1')).toThrow(/^node\.h1: name one of node "h1"'s params: units, /);
    expect(fails('config.learningRat')).toThrow(/^config\.learningRat: no training setting "learningRat"; settings: optimizer, learningRate, /);
    expect(fails('config.seed')).toThrow('config.seed: the plan sets each slot\'s seed (seeds 1..N); vary seeds with "seeds" instead');
    expect(fails('dataset.limit')).toThrow('dataset.limit: no dataset setting "limit"; settings: dataset.name, dataset.trainLimit, dataset.testLimit');
    expect(fails('spec.name')).toThrow('spec.name: a setting path starts with config., node., dataset. or procedure.');
  });
});
