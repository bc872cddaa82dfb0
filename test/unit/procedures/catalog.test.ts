import { describe, expect, it } from 'vitest';
import { analyzeSpec, type ModelSpec } from '../../../src-shared/network';
import { DEFAULT_PROCEDURE, getProcedure, parseProcedure, PROCEDURES, ProcedureError } from '../../../src-shared/procedures';
import { networkOutline } from '../../../src-shared/procedures/outline';

function autoencoder(codeUnits: number, decoderUnits: number, activation = 'linear'): ModelSpec {
  return {
    format: 1,
    name: 'ae',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [4, 4, 1] } },
      { id: 'flat', kind: 'flatten', params: {} },
      { id: 'code', kind: 'dense', params: { units: codeUnits, activation } },
      { id: 'dec', kind: 'dense', params: { units: decoderUnits, activation: 'linear' } },
    ],
    edges: [
      { from: 'in', to: 'flat' },
      { from: 'flat', to: 'code' },
      { from: 'code', to: 'dec' },
    ],
  };
}

const check = (spec: ModelSpec) => getProcedure('pca')!.checkNetwork!(networkOutline(analyzeSpec(spec)));

describe('procedure catalog', () => {
  it('has one entry per kind, backprop first and the default; every kind lists stages, results and artifact kinds', () => {
    expect(PROCEDURES[0].kind).toBe(DEFAULT_PROCEDURE);
    expect(new Set(PROCEDURES.map((def) => def.kind)).size).toBe(PROCEDURES.length);
    for (const def of PROCEDURES) {
      const params = def.params.parse({});
      expect(def.stages(params, { epochs: 7 }).length).toBeGreaterThan(0);
    }
    expect(getProcedure('backprop')!.stages({}, { epochs: 7 })).toEqual([{ name: 'train', label: 'Training', kind: 'epochs', epochs: 7 }]);
    expect(getProcedure('pca')!.stages(getProcedure('pca')!.params.parse({}), { epochs: 7 }).map((stage) => stage.kind)).toEqual(['solve', 'evaluate']);
  });

  it('parses a request: absent means backprop, params get their defaults', () => {
    expect(parseProcedure(undefined)).toEqual({ kind: 'backprop', params: {} });
    expect(parseProcedure({ kind: 'pca' })).toEqual({ kind: 'pca', params: { reconstructionImages: 12, scatterPoints: 2000 } });
    expect(parseProcedure({ kind: 'pca', params: { scatterPoints: 50 } }).params).toMatchObject({ scatterPoints: 50 });
  });

  it('names an unknown kind with the known ones, and a bad or unknown param by its path', () => {
    expect(() => parseProcedure({ kind: 'rbm-stack' })).toThrow(/procedure\.kind: unknown procedure "rbm-stack"; known: backprop, pca/);
    expect(() => parseProcedure({ kind: 'pca', params: { scatterPoints: -1 } })).toThrow(ProcedureError);
    expect(() => parseProcedure({ kind: 'pca', params: { scatterPoints: -1 } })).toThrow(/procedure\.params\.scatterPoints/);
    expect(() => parseProcedure({ kind: 'pca', params: { components: 30 } })).toThrow(/components/);
    expect(() => parseProcedure({ kind: 'backprop', extra: 1 })).toThrow(/extra/);
  });

  it('pca accepts a linear autoencoder and names the node of any other network', () => {
    expect(check(autoencoder(3, 16))).toEqual([]);
    expect(check(autoencoder(3, 10))).toEqual([expect.stringMatching(/node "dec": procedure pca reconstructs the input, so it needs 16 units, got 10/)]);
    expect(check(autoencoder(3, 16, 'relu'))).toEqual([expect.stringMatching(/node "code": procedure pca needs a linear activation, got relu/)]);
    expect(check(autoencoder(20, 16))).toEqual([expect.stringMatching(/node "code": 20 components are more than the input's 16 values/)]);
    const deep = autoencoder(3, 16);
    deep.nodes.splice(2, 0, { id: 'h', kind: 'dense', params: { units: 8, activation: 'linear' } });
    deep.edges = [
      { from: 'in', to: 'flat' },
      { from: 'flat', to: 'h' },
      { from: 'h', to: 'code' },
      { from: 'code', to: 'dec' },
    ];
    expect(check(deep)[0]).toMatch(/the network has "h" \(dense\), "code" \(dense\), "dec" \(dense\); PCA needs input → \(flatten\) → dense/);
  });
});
