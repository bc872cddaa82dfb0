import { describe, expect, it } from 'vitest';
import { labelledSubset } from '../../../src-main/engine/procedures/dbn';
import { parseProcedure } from '../../../src-shared/procedures/catalog';
import { dbn } from '../../../src-shared/procedures/dbn';
import type { DbnParams } from '../../../src-shared/procedures/dbn';

describe('DBN pretraining ablation: random-init arm and labelled subset', () => {
  it('without pretraining the run is one backprop stage; with it, an RBM stage per layer first', () => {
    const stages = (params: Record<string, unknown>) => dbn.stages(parseProcedure({ kind: 'dbn', params }).params as DbnParams, { epochs: 7 }).map((stage) => stage.name);
    expect(stages({})).toEqual(['rbm-1', 'rbm-2', 'rbm-3', 'finetune']);
    expect(stages({ pretrain: false })).toEqual(['finetune']);
  });

  it('the labelled subset is drawn by the seed: the same for the same seed, distinct examples in index order, all of them at 0', () => {
    const a = labelledSubset(60_000, 1000, 3);
    expect(a).toHaveLength(1000);
    expect(new Set(a).size).toBe(1000);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect(Math.max(...a)).toBeLessThan(60_000);
    // Spread over the whole training set, not its first rows.
    expect(Math.max(...a)).toBeGreaterThan(50_000);
    expect([...labelledSubset(60_000, 1000, 3)]).toEqual([...a]);
    expect([...labelledSubset(60_000, 1000, 4)]).not.toEqual([...a]);
    expect(labelledSubset(500, 0, 3)).toHaveLength(500);
    expect(labelledSubset(500, 900, 3)).toHaveLength(500);
  });

  it('a labelled subset that is not a whole number is refused naming the param', () => {
    expect(() => parseProcedure({ kind: 'dbn', params: { labelledExamples: 10.5 } })).toThrow(/procedure\.params\.labelledExamples/);
  });
});
