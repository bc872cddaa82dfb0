import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TemplateInfo } from '../../../../src-shared/api/contract';
import type { Progress, StageInfo } from '../../../../src-shared/api/run';
import { getProcedure } from '../../../../src-shared/procedures';
import { checkParams, fieldLabel, procedureFields } from '../../../../src-renderer/procedures/procedure-fields';
import { hasEpochStages, mergeStages, runFraction, stageEpochsText, stageProgressParts } from '../../../../src-renderer/procedures/stage-progress';
import { comparisonText, referenceFor } from '../../../../src-renderer/procedures/procedure-result';

const progress = (over: Partial<Progress> = {}): Progress => ({ runId: 'r', epoch: 0, epochs: 1, step: 40, totalSteps: 100, samplesPerSec: 1000, etaMs: 12_000, ...over });
const stage = (index: number, over: Partial<StageInfo> = {}): StageInfo => ({
  index,
  name: index === 0 ? 'fit' : 'evaluate',
  label: index === 0 ? 'Solving for the components' : 'Reconstructing train and test',
  kind: index === 0 ? 'solve' : 'evaluate',
  epochs: 1,
  status: 'pending',
  epochsDone: 0,
  startedAt: null,
  endedAt: null,
  ...over,
});

describe('procedure params in the train panel', () => {
  it('reads PCA’s fields and defaults from its zod schema', () => {
    const fields = procedureFields(getProcedure('pca')!);
    expect(fields).toEqual([
      { name: 'reconstructionImages', type: 'number', default: 12, integer: true, min: 1, max: 100 },
      { name: 'scatterPoints', type: 'number', default: 2000, integer: true, min: 10, max: 10000 },
    ]);
    expect(procedureFields(getProcedure('backprop')!)).toEqual([]);
  });

  it('reads a list of numbers (OBD’s sparsities) as a numbers field', () => {
    const fields = procedureFields(getProcedure('obd')!);
    expect(fields.find((field) => field.name === 'sparsities')).toEqual({ name: 'sparsities', type: 'numbers', default: [0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95] });
    expect(fields.find((field) => field.name === 'method')).toEqual({ name: 'method', type: 'enum', default: 'obd', options: ['obd', 'magnitude', 'random'] });
  });

  it('reads booleans, strings and enums, and leaves other types to the defaults', () => {
    const params = z.object({ on: z.boolean().default(true), name: z.string().default('x'), mode: z.enum(['a', 'b']).default('b'), rate: z.number().optional(), nested: z.object({}).default({}) }).strict();
    expect(procedureFields({ params: params as never })).toEqual([
      { name: 'on', type: 'boolean', default: true },
      { name: 'name', type: 'string', default: 'x' },
      { name: 'mode', type: 'enum', default: 'b', options: ['a', 'b'] },
      { name: 'rate', type: 'number', default: 0, integer: false },
    ]);
  });

  it('checks field values with the schema and names the bad field', () => {
    const pca = getProcedure('pca')!;
    expect(checkParams(pca, { reconstructionImages: 8 })).toEqual({ params: { reconstructionImages: 8, scatterPoints: 2000 } });
    const bad = checkParams(pca, { reconstructionImages: 0.5, scatterPoints: 2000 });
    expect('problem' in bad && bad.problem).toMatch(/reconstructionImages/);
    expect(fieldLabel('reconstructionImages')).toBe('Reconstruction images');
  });
});

describe('stage progress', () => {
  it('says which stage, how far it and the run are, and both ETAs', () => {
    const parts = stageProgressParts(progress({ stage: { index: 0, count: 2, name: 'fit', label: 'Solving for the components' }, runFraction: 0.2, runEtaMs: 50_000 }));
    expect(parts.join(' · ')).toBe('stage 1/2 · Solving for the components · 40% · ETA 12s · run 20% · ETA 50s');
  });

  it('says nothing extra for single-stage runs and falls back to epochs without steps', () => {
    expect(stageProgressParts(progress())).toEqual([]);
    expect(stageProgressParts(progress({ stage: { index: 0, count: 1, name: 'train', label: 'Training' } }))).toEqual([]);
    const byEpoch = progress({ totalSteps: 0, step: 0, epoch: 1, epochs: 4, runEtaMs: null, stage: { index: 1, count: 2, name: 'b', label: '' } });
    expect(stageProgressParts(byEpoch)).toEqual(['stage 2/2', 'b', '25%', 'ETA 12s', 'run 25%']);
    // A solve that sends no time left (etaMs 0 before it is done) shows no stage ETA rather than "ETA 0s".
    expect(stageProgressParts(progress({ etaMs: 0, runFraction: 0.04, runEtaMs: 14_000, stage: { index: 0, count: 2, name: 'fit', label: 'Solving' } })).join(' · ')).toBe('stage 1/2 · Solving · 40% · run 4% · ETA 14s');
    expect(runFraction(progress({ runFraction: 1.5 }))).toBe(1);
  });

  it('merges live stage events over the stored stages, and says what a stage did', () => {
    const merged = mergeStages([stage(0), stage(1)], [stage(0, { status: 'completed', epochsDone: 1 })]);
    expect(merged.map((s) => s.status)).toEqual(['completed', 'pending']);
    expect(mergeStages([], [stage(1), stage(0)]).map((s) => s.index)).toEqual([0, 1]);
    expect(stageEpochsText(stage(0, { status: 'completed', epochsDone: 1 }))).toBe('done');
    expect(stageEpochsText(stage(0, { kind: 'epochs', epochs: 10, epochsDone: 2.5, status: 'running' }))).toBe('2.50 / 10 epochs');
  });
});

describe('procedure results beside the published figure', () => {
  const template = (over: Partial<TemplateInfo>): TemplateInfo => ({
    id: 'pca-30-mnist',
    name: 'PCA-30 on MNIST',
    description: '',
    spec: { format: 1, name: 'PCA-30 (linear autoencoder 784-30-784)', nodes: [], edges: [] } as unknown as TemplateInfo['spec'],
    config: {},
    dataset: { name: 'mnist' },
    procedure: { kind: 'pca', params: {} },
    reference: { source: 'Hinton & Salakhutdinov 2006', result: '13.87', metric: 'pca/test_reconstruction_error', value: 13.87, epochs: 1 },
    ...over,
  });

  it('finds the template with a reference metric the run has, of the same procedure', () => {
    const dropout = template({ id: 'mlp', procedure: undefined, reference: { source: 's', result: 'r', testErrors: 100 } });
    const pca = template({});
    const found = referenceFor([dropout, pca], { procedure: { kind: 'pca', params: {} }, specName: 'anything' }, (key) => key === 'pca/test_reconstruction_error');
    expect(found?.template.id).toBe('pca-30-mnist');
    expect(referenceFor([pca], { procedure: { kind: 'backprop', params: {} }, specName: 'x' }, () => true)).toBeNull();
    expect(referenceFor([pca], { procedure: { kind: 'pca', params: {} }, specName: 'x' }, () => false)).toBeNull();
  });

  it('states both figures with the epochs behind them', () => {
    expect(comparisonText({ value: 13.87, epochs: 1 }, 13.8712, 1)).toBe('paper: 13.87 — yours: 13.87 after 1 epoch');
    expect(comparisonText({ value: 13.87, epochs: 50 }, 14.2, 3)).toBe('paper: 13.87 (after 50 epochs) — yours: 14.20 after 3 epochs');
    expect(comparisonText({ value: 3 }, null, 0)).toBe('paper: 3 — yours: not measured yet');
  });
});

describe('which runs chart a loss', () => {
  it('hides the loss charts only once the stages are known and none is an epoch loop', () => {
    expect(hasEpochStages(undefined)).toBe(true);
    expect(hasEpochStages([])).toBe(true);
    expect(hasEpochStages([{ kind: 'solve' }, { kind: 'evaluate' }])).toBe(false);
    expect(hasEpochStages([{ kind: 'epochs' }, { kind: 'evaluate' }])).toBe(true);
  });
});
