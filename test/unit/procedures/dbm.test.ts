import { describe, expect, it } from 'vitest';
import { analyzeSpec, type ModelSpec } from '../../../src-shared/network';
import { getProcedure, parseProcedure } from '../../../src-shared/procedures';
import { networkOutline } from '../../../src-shared/procedures/outline';

function chain(layers: { id: string; kind: string; params?: Record<string, unknown> }[]): ModelSpec {
  const nodes = [{ id: 'in', kind: 'input', params: { shape: [28, 28, 1] } }, { id: 'flat', kind: 'flatten', params: {} }, ...layers.map((layer) => ({ params: {}, ...layer }))];
  return { format: 1, name: 'dbm', nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) };
}

const dense = (id: string, units: number, activation: string) => ({ id, kind: 'dense', params: { units, activation } });
const check = (spec: ModelSpec) => getProcedure('dbm')!.checkNetwork!(networkOutline(analyzeSpec(spec)));

describe('procedure dbm in the catalog', () => {
  it('has the five stages, the bound stage only when the final AIS runs', () => {
    const params = parseProcedure({ kind: 'dbm', params: { rbmEpochs: 4, jointEpochs: 7 } }).params;
    const stages = getProcedure('dbm')!.stages(params, { epochs: 9 });
    expect(stages.map((stage) => [stage.name, stage.kind, stage.epochs])).toEqual([
      ['rbm-1', 'epochs', 4],
      ['rbm-2', 'epochs', 4],
      ['joint', 'epochs', 7],
      ['bound', 'evaluate', 1],
      ['finetune', 'epochs', 9],
    ]);
    const noBound = parseProcedure({ kind: 'dbm', params: { finalAisRuns: 0 } }).params;
    expect(getProcedure('dbm')!.stages(noBound, { epochs: 9 }).map((stage) => stage.name)).toEqual(['rbm-1', 'rbm-2', 'joint', 'finetune']);
  });

  it('defaults are the authors’ code’s (rbm.m, rbm_l2.m, dbm_mf.m)', () => {
    expect(parseProcedure({ kind: 'dbm' }).params).toMatchObject({
      rbmLearningRate: 0.05,
      rbmWeightDecay: 0.001,
      rbm1InitSigma: 0.001,
      rbm2InitSigma: 0.01,
      jointLearningRate: 0.001,
      learningRateDecay: 1.000015,
      jointWeightDecay: 0.0002,
      jointBatchSize: 100,
      gibbsSteps: 5,
      meanFieldUpdates: 10,
      sparsityTarget1: 0.2,
      sparsityTarget2: 0.1,
      sparsityCost: 0.001,
    });
    expect(() => parseProcedure({ kind: 'dbm', params: { gibbsSteps: 0 } })).toThrow(/procedure\.params\.gibbsSteps/);
  });

  it('accepts 784-500-1000-10 with or without dropout and names the node of any other network', () => {
    expect(check(chain([dense('h1', 500, 'sigmoid'), dense('h2', 1000, 'sigmoid'), dense('out', 10, 'softmax')]))).toEqual([]);
    expect(check(chain([{ id: 'd0', kind: 'dropout', params: { rate: 0.2 } }, dense('h1', 500, 'sigmoid'), { id: 'd1', kind: 'dropout', params: { rate: 0.5 } }, dense('h2', 1000, 'sigmoid'), dense('out', 10, 'softmax')]))).toEqual([]);
    expect(check(chain([dense('h1', 500, 'relu'), dense('h2', 1000, 'sigmoid'), dense('out', 10, 'softmax')]))).toEqual([expect.stringMatching(/node "h1": procedure dbm .* sigmoid; got relu/)]);
    expect(check(chain([dense('h1', 500, 'sigmoid'), dense('out', 10, 'softmax')]))).toEqual([expect.stringMatching(/the network has 2 dense layers; a two-layer DBM needs exactly three/)]);
    expect(check(chain([dense('h1', 500, 'sigmoid'), dense('h2', 1000, 'sigmoid'), dense('out', 10, 'linear')]))).toEqual([expect.stringMatching(/node "out": .* softmax/)]);
  });
});
