import { describe, expect, it } from 'vitest';
import type { TemplateInfo } from '../../../src-shared/api/contract';
import { planStudy, slotRunParams, studySlots } from '../../../src-main/services/study/study-plan';

const template: TemplateInfo = {
  id: 'tiny-dropout',
  name: 'Tiny with dropout',
  description: '',
  spec: {
    format: 1,
    name: 'tiny',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'h', kind: 'dense', params: { units: 4, activation: 'relu' } },
      { id: 'drop', kind: 'dropout', params: { rate: 0.5 } },
      { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'h' },
      { from: 'h', to: 'drop' },
      { from: 'drop', to: 'out' },
    ],
  },
  config: { epochs: 20, learningRate: 0.1, maxNorm: { limit: 3 } },
  dataset: { name: 'spirals' },
};

describe('planStudy', () => {
  it('keys a study by template content and options, and only by them', () => {
    const key = planStudy(template, { seeds: 3 }).key;
    expect(planStudy({ ...template, id: 'renamed', name: 'Renamed' }, { seeds: 3 }).key).toBe(key);
    expect(planStudy(template, { seeds: 3, epochs: 20 }).key).toBe(key);
    expect(planStudy(template, { seeds: 4 }).key).not.toBe(key);
    expect(planStudy(template, { seeds: 3, epochs: 5 }).key).not.toBe(key);
    expect(planStudy(template, { seeds: 3, trainLimit: 100 }).key).not.toBe(key);
    expect(planStudy({ ...template, config: { ...template.config, learningRate: 0.2 } }, { seeds: 3 }).key).not.toBe(key);
  });

  it('overrides epochs and limits for both variants and ablates only the second', () => {
    const plan = planStudy(template, { seeds: 2, epochs: 5, trainLimit: 500, testLimit: 200 });
    expect(plan.dataset).toEqual({ name: 'spirals', trainLimit: 500, testLimit: 200 });
    expect(plan.options).toEqual({ seeds: 2, epochs: 5, trainLimit: 500, testLimit: 200 });
    expect(plan.variants.dropout.config).toMatchObject({ epochs: 5, maxNorm: { limit: 3 } });
    expect(plan.variants.noDropout.config).toMatchObject({ epochs: 5, maxNorm: null, learningRate: 0.1 });
    expect(plan.variants.noDropout.spec.nodes.map((n) => n.id)).toEqual(['in', 'h', 'out']);
    expect(plan.name).toBe('Tiny with dropout: dropout vs none, 2 seeds, 5 epochs, 500 training examples');
  });

  it('gives each slot its seed, the study id and tags, both variants of a seed next to each other', () => {
    const plan = planStudy(template, { seeds: 2 });
    expect(studySlots(2)).toEqual([
      { variant: 'dropout', seed: 1 },
      { variant: 'noDropout', seed: 1 },
      { variant: 'dropout', seed: 2 },
      { variant: 'noDropout', seed: 2 },
    ]);
    const params = slotRunParams(plan, 'study-1', 'noDropout', 2);
    expect(params).toMatchObject({ experimentId: 'study-1', tags: ['study', 'noDropout'], name: 'Tiny with dropout · no dropout · seed 2' });
    expect(params.config.seed).toBe(2);
  });

  it('refuses a template without dropout or max-norm, naming it', () => {
    const plain = { ...template, spec: { ...template.spec, nodes: template.spec.nodes.filter((n) => n.kind !== 'dropout'), edges: [{ from: 'in', to: 'h' }, { from: 'h', to: 'out' }] }, config: { epochs: 3 } };
    expect(() => planStudy(plain, { seeds: 2 })).toThrow(/template "tiny-dropout": it has no dropout node and no max-norm/);
  });
});
