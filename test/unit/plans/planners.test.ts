import { describe, expect, it } from 'vitest';
import { parsePlan, planArms, planIdentity, planSlots, trialOverrides, uniformAt, type PlanDef } from '../../../src-shared/plans';

const space = [
  { path: 'config.learningRate', dist: 'log-uniform', min: 0.001, max: 0.3 },
  { path: 'node.h1.units', dist: 'int', min: 8, max: 64 },
] as const;

const sweep = (extra: object = {}): PlanDef =>
  parsePlan({
    kind: 'sweep',
    grid: [
      { path: 'config.learningRate', values: [0.01, 0.1] },
      { path: 'node.h1.units', values: [16, 32] },
    ],
    random: { trials: 4, seed: 7, space },
    seeds: 1,
    ...extra,
  });

describe('planners', () => {
  it('the dropout preset: the template and its ablation, both arms of a seed next to each other', () => {
    const plan = parsePlan({ kind: 'dropout', seeds: 2 });
    const arms = planArms(plan);
    expect(arms).toEqual([
      { key: 'dropout', label: 'dropout', overrides: [] },
      { key: 'noDropout', label: 'no dropout', overrides: [], removeDropout: true },
    ]);
    expect(planSlots(plan, arms).map((slot) => slot.key)).toEqual(['dropout/s1', 'noDropout/s1', 'dropout/s2', 'noDropout/s2']);
  });

  it('an ablation pairs value A with value B by seed, labelled by its labels or its values', () => {
    const plan = parsePlan({ kind: 'ablation', setting: 'config.maxNorm', a: { value: { limit: 3 } }, b: { value: null, label: 'no max-norm' }, seeds: 3 });
    const arms = planArms(plan);
    expect(arms.map((arm) => [arm.key, arm.label, arm.overrides])).toEqual([
      ['a', 'maxNorm {"limit":3}', [{ path: 'config.maxNorm', value: { limit: 3 } }]],
      ['b', 'no max-norm', [{ path: 'config.maxNorm', value: null }]],
    ]);
    expect(planSlots(plan, arms).map((slot) => slot.key)).toEqual(['a/s1', 'b/s1', 'a/s2', 'b/s2', 'a/s3', 'b/s3']);
    expect(() => planArms(parsePlan({ kind: 'ablation', setting: 'config.learningRate', a: { value: 0.1 }, b: { value: 0.1 }, seeds: 2 }))).toThrow(
      /plan\.b\.value: the same as a\.value \(0\.1\)/,
    );
  });

  it('a grid is the cartesian product of its axes (last axis fastest), then the random trials', () => {
    const arms = planArms(sweep());
    expect(arms.slice(0, 4).map((arm) => arm.label)).toEqual([
      'learningRate=0.01 h1.units=16',
      'learningRate=0.01 h1.units=32',
      'learningRate=0.1 h1.units=16',
      'learningRate=0.1 h1.units=32',
    ]);
    expect(arms.map((arm) => arm.key)).toEqual(['g1', 'g2', 'g3', 'g4', 'r1', 'r2', 'r3', 'r4']);
    for (const arm of arms.slice(4)) {
      const [lr, units] = arm.overrides.map((o) => o.value as number);
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(units) && units >= 8 && units <= 64).toBe(true);
    }
    expect(planSlots(sweep({ seeds: 2 }), arms)).toHaveLength(16);
  });

  it("random trial i's values depend only on (seed, i): more trials keep the earlier ones, another seed changes them", () => {
    const four = planArms(sweep());
    const six = planArms(sweep({ random: { trials: 6, seed: 7, space } }));
    expect(six.slice(0, 8)).toEqual(four);
    expect(six).toHaveLength(10);
    const unit = [{ path: 'config.learningRate', dist: 'uniform' as const, min: 0, max: 1 }];
    expect(trialOverrides({ seed: 8, space: unit }, 0)).not.toEqual(trialOverrides({ seed: 7, space: unit }, 0));
    // Spread: 2000 draws fill the unit interval's tenths evenly (each within 30% of 200).
    const tenths = new Array<number>(10).fill(0);
    for (let i = 0; i < 2000; i++) tenths[Math.floor(uniformAt(1, i, 'x') * 10)]++;
    for (const count of tenths) expect(Math.abs(count - 200)).toBeLessThan(60);
  });

  it("a plan's identity leaves out the seeds, the trial count, the labels and the objective, and keeps the rest", () => {
    const base = planIdentity(sweep());
    expect(planIdentity(sweep({ seeds: 5 }))).toEqual(base);
    expect(planIdentity(sweep({ objective: 'finalLoss' }))).toEqual(base);
    const more = sweep() as Extract<PlanDef, { kind: 'sweep' }>;
    expect(planIdentity({ ...more, random: { ...more.random!, trials: 40 } })).toEqual(base);
    expect(planIdentity({ ...more, random: { ...more.random!, seed: 8 } })).not.toEqual(base);
    expect(planIdentity(sweep({ epochs: 3 }))).not.toEqual(base);
    const ablation = (label: string, seeds: number) => parsePlan({ kind: 'ablation', setting: 'config.maxNorm', a: { value: { limit: 3 }, label }, b: { value: null }, seeds });
    expect(planIdentity(ablation('on', 3))).toEqual(planIdentity(ablation('max-norm 3', 5)));
  });

  it('names the bad field of a plan', () => {
    expect(() => parsePlan({ kind: 'sweep', seeds: 1 })).toThrow(/plan\.grid: a sweep needs a grid axis or random trials/);
    expect(() => parsePlan({ kind: 'ablation', setting: 'learningRate', a: { value: 1 }, b: { value: 2 }, seeds: 2 })).toThrow(/plan\.setting: expected a dotted setting path starting with config\./);
    expect(() => parsePlan({ kind: 'sweep', seeds: 1, random: { trials: 2, space: [{ path: 'config.learningRate', dist: 'log-uniform', min: 0, max: 1 }] } })).toThrow(
      /plan\.random\.space\.0\.min: a log-uniform dimension needs min > 0, got 0/,
    );
    expect(() => parsePlan({ kind: 'dropout', seeds: 0 })).toThrow(/plan\.seeds: expected at least 1 seed/);
    expect(() => parsePlan({ kind: 'dropout', seeds: 2, extra: 1 })).toThrow(/plan/);
    expect(() => planArms(parsePlan({ kind: 'sweep', seeds: 1, grid: [{ path: 'config.batchSize', values: [1] }, { path: 'config.batchSize', values: [2] }] }))).toThrow(
      /plan\.grid: config\.batchSize is given twice/,
    );
  });
});
