import { describe, expect, it } from 'vitest';
import type { TemplateInfo } from '../../../src-shared/api/contract';
import { preparePlan, slotRunParams } from '../../../src-main/services/plans/prepare-plan';

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

const sweep = (seeds: number, trials: number) => ({
  kind: 'sweep',
  grid: [{ path: 'config.learningRate', values: [0.01, 0.1] }],
  random: { trials, seed: 1, space: [{ path: 'node.h.units', dist: 'int', min: 2, max: 8 }] },
  seeds,
});

describe('preparePlan', () => {
  it('keys a plan by template content and plan, not by its seeds, trials, labels or objective', () => {
    const key = preparePlan(template, sweep(1, 4)).key;
    expect(preparePlan(template, sweep(3, 4)).key).toBe(key);
    expect(preparePlan(template, sweep(1, 9)).key).toBe(key);
    expect(preparePlan(template, { ...sweep(1, 4), objective: 'finalLoss' }).key).toBe(key);
    expect(preparePlan({ ...template, id: 'renamed', name: 'Renamed' }, sweep(1, 4)).key).toBe(key);
    // Stating the template's own epochs is the same plan; other epochs, data or settings are not.
    expect(preparePlan(template, { ...sweep(1, 4), epochs: 20 }).key).toBe(key);
    expect(preparePlan(template, { ...sweep(1, 4), epochs: 5 }).key).not.toBe(key);
    expect(preparePlan(template, { ...sweep(1, 4), trainLimit: 100 }).key).not.toBe(key);
    expect(preparePlan({ ...template, config: { ...template.config, batchSize: 10 } }, sweep(1, 4)).key).not.toBe(key);
    expect(preparePlan(template, { ...sweep(1, 4), random: { ...sweep(1, 4).random, seed: 2 } }).key).not.toBe(key);
    const dropout = preparePlan(template, { kind: 'dropout', seeds: 2 }).key;
    expect(preparePlan(template, { kind: 'dropout', seeds: 5 }).key).toBe(dropout);
    expect(dropout).not.toBe(key);
  });

  it('the dropout preset: epochs and limits for both arms, the second ablated, each slot with its seed, plan id and tags', () => {
    const plan = preparePlan(template, { kind: 'dropout', seeds: 2, epochs: 5, trainLimit: 500, testLimit: 200 });
    expect(plan.dataset).toEqual({ name: 'spirals', trainLimit: 500, testLimit: 200 });
    expect(plan.plan).toEqual({ kind: 'dropout', seeds: 2, epochs: 5, trainLimit: 500, testLimit: 200 });
    expect(plan.name).toBe('Tiny with dropout: dropout vs none, 5 epochs, 500 training examples');
    expect(plan.slots.map((slot) => slot.key)).toEqual(['dropout/s1', 'noDropout/s1', 'dropout/s2', 'noDropout/s2']);
    const a = slotRunParams(plan, 'plan-1', plan.slots[0]);
    const b = slotRunParams(plan, 'plan-1', plan.slots[3]);
    expect(a.config).toMatchObject({ epochs: 5, maxNorm: { limit: 3 }, seed: 1 });
    expect(b.config).toMatchObject({ epochs: 5, maxNorm: null, learningRate: 0.1, seed: 2 });
    expect(b.spec.nodes.map((n) => n.id)).toEqual(['in', 'h', 'out']);
    expect(b).toMatchObject({ experimentId: 'plan-1', tags: ['study', 'noDropout'], name: 'Tiny with dropout · no dropout · seed 2' });
  });

  it('an ablation slot carries its arm\'s value; a sweep slot its point\'s values', () => {
    const ablation = preparePlan(template, { kind: 'ablation', setting: 'config.maxNorm', a: { value: { limit: 3 } }, b: { value: null }, seeds: 1 });
    expect(slotRunParams(ablation, 'p', ablation.slots[1]).config.maxNorm).toBeNull();
    expect(slotRunParams(ablation, 'p', ablation.slots[1]).tags).toEqual(['plan', 'ablation', 'b']);
    const grid = preparePlan(template, sweep(1, 2));
    const g2 = slotRunParams(grid, 'p', grid.slots[1]);
    expect(g2.config.learningRate).toBe(0.1);
    const r1 = slotRunParams(grid, 'p', grid.slots[2]);
    expect(r1.spec.nodes[1].params.units).toBe(grid.arms[2].overrides[0].value);
  });

  it('refuses a bad plan or a dropout study of a network without dropout, naming the field', () => {
    expect(() => preparePlan(template, { kind: 'ablation', setting: 'node.x.units', a: { value: 1 }, b: { value: 2 }, seeds: 2 })).toThrow(
      'node.x.units: no node "x"; nodes: in, h, drop, out',
    );
    const plain = { ...template, spec: { ...template.spec, nodes: template.spec.nodes.filter((n) => n.kind !== 'dropout'), edges: [{ from: 'in', to: 'h' }, { from: 'h', to: 'out' }] }, config: { epochs: 3 } };
    expect(() => preparePlan(plain, { kind: 'dropout', seeds: 2 })).toThrow(/template "tiny-dropout": it has no dropout node and no max-norm/);
  });
});
