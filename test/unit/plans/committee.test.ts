import { describe, expect, it } from 'vitest';
import { applyOverrides, parsePlan, planArms, planIdentity, planSlots, PlanError, type PlanBase } from '../../../src-shared/plans';
import { argmaxRows, averageProbabilities, committeeResult, pluralityVote, type CommitteeSlotInput } from '../../../src-shared/plans/committee';

const slot = (arm: string, seed: number) => ({ key: `${arm}/s${seed}`, arm, seed });
const member = (arm: string, seed: number, probabilities: number[] | null, testErrors: number | null = 0): CommitteeSlotInput => ({
  slot: slot(arm, seed),
  run: { runId: `run-${arm}-${seed}-0000`, status: 'completed', testErrors, testErrorRate: testErrors === null ? null : testErrors / 2, wallMs: 1000 },
  probabilities: probabilities && Float32Array.from(probabilities),
});
const ORIGINAL = [{ key: 'orig', label: 'original', overrides: [] }];

describe('committee averaging', () => {
  it('averages probabilities, not votes: two members narrowly for class 1 lose to one member sure of class 0', () => {
    // Example 0 (label 0): A 0.40/0.60/0, B 0.45/0.55/0 → both vote 1; C 1/0/0 votes 0.
    // Mean 0.617/0.383/0 → the committee says 0 (right); the plurality vote says 1 (wrong).
    // Example 1 (label 2): every member says 2.
    const a = [0.4, 0.6, 0, 0, 0.1, 0.9];
    const b = [0.45, 0.55, 0, 0.1, 0, 0.9];
    const c = [1, 0, 0, 0, 0.2, 0.8];
    const mean = averageProbabilities([a, b, c], 2, 3);
    expect(mean[0]).toBeCloseTo(1.85 / 3, 12);
    expect(Array.from(argmaxRows(mean, 2, 3))).toEqual([0, 2]);
    const votes = pluralityVote([a, b, c].map((p) => argmaxRows(p, 2, 3)), mean, 2, 3);
    expect(Array.from(votes)).toEqual([1, 2]);

    const result = committeeResult(ORIGINAL, [member('orig', 1, a, 1), member('orig', 2, b, 1), member('orig', 3, c, 0)], { labels: [0, 2], classes: 3 });
    expect(result.committee).toMatchObject({ members: 3, testErrors: 0, testErrorRate: 0 });
    expect(result.vote).toMatchObject({ members: 3, testErrors: 1 });
    expect(result.errors).toEqual([]);
    expect(result.bestMember).toEqual({ slot: 'orig/s3', testErrors: 0 });
    // The size curve: the first member alone errs on example 0, so does the committee of A and B; all three do not.
    expect(result.sizeCurve!.series.map((series) => [series.name, series.x, series.y])).toEqual([
      ['committee of k', [1, 2, 3], [1, 1, 0]],
      ['column k', [1, 2, 3], [1, 1, 0]],
    ]);
    expect(committeeResult(ORIGINAL, [member('orig', 1, a, 1)], { labels: [0, 2], classes: 3 }).sizeCurve).toBeNull();
  });

  it('lists the committee errors with true and predicted labels, one committee per preprocessing, and names a member without probabilities', () => {
    const arms = [
      { key: 'orig', label: 'original', overrides: [] },
      { key: 'w10', label: 'width 10 px', overrides: [{ path: 'dataset.images.widthNorm', value: 10 }] },
    ];
    // Two classes, three examples with labels 0, 1, 1.
    const slots = [
      member('orig', 1, [0.9, 0.1, 0.8, 0.2, 0.3, 0.7], 1),
      member('w10', 1, [0.6, 0.4, 0.3, 0.7, 0.6, 0.4], 1),
      member('orig', 2, null, 0),
      { slot: slot('w10', 2), run: undefined, probabilities: null },
    ];
    const images = { x: Float32Array.from({ length: 3 * 4 }, (_, i) => i), shape: [2, 2, 1], range: [0, 11] as [number, number] };
    const result = committeeResult(arms, slots, { labels: [0, 1, 1], classes: 2, images });
    // Mean: example 0 → 0.75/0.25 (0, right); example 1 → 0.55/0.45 (0, wrong); example 2 → 0.45/0.55 (1, right).
    expect(result.committee).toMatchObject({ members: 2, testErrors: 1 });
    expect(result.errors).toEqual([{ index: 1, label: 1, predicted: 0, probability: expect.closeTo(0.55, 6) }]);
    expect(result.groups.map((g) => [g.group, g.members, g.testErrors])).toEqual([
      ['orig', 1, 1],
      ['w10', 1, 1],
    ]);
    expect(result.members.map((m) => [m.slot, m.inCommittee, m.hasProbabilities, m.status])).toEqual([
      ['orig/s1', true, true, 'completed'],
      ['w10/s1', true, true, 'completed'],
      ['orig/s2', false, false, 'completed'],
      ['w10/s2', false, false, 'not started'],
    ]);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^column 2 \(original\): run run-orig.*stored no test class probabilities.*left out of the committee/);
    // The error image is test example 1's pixels, labelled true → predicted.
    expect(result.errorImages!.rows[0].images).toEqual([{ label: '1→0', pixels: [4, 5, 6, 7] }]);
    expect(result.table.rows.at(-1)).toEqual(['committee of 2', 'all', null, 'committee', 1, 1 / 3, 'averaged', null]);
  });
});

describe('the committee planner', () => {
  const plan = parsePlan({ kind: 'committee', columns: 3, preprocessings: [{}, { widthNorm: 10 }, { widthNorm: 12 }], epochs: 2 });

  it('has one arm per preprocessing and preprocessings × columns slots, seeds 1..columns', () => {
    const arms = planArms(plan);
    expect(arms.map((arm) => [arm.key, arm.label, arm.overrides])).toEqual([
      ['orig', 'original', []],
      ['w10', 'width 10 px', [{ path: 'dataset.images.widthNorm', value: 10 }]],
      ['w12', 'width 12 px', [{ path: 'dataset.images.widthNorm', value: 12 }]],
    ]);
    const slots = planSlots(plan, arms);
    expect(slots).toHaveLength(9);
    expect(slots.slice(0, 4).map((s) => s.key)).toEqual(['orig/s1', 'w10/s1', 'w12/s1', 'orig/s2']);
    expect(new Set(slots.map((s) => s.seed))).toEqual(new Set([1, 2, 3]));
  });

  it('defaults to the data as the template has it, keys without the column count, and refuses a repeated preprocessing', () => {
    expect(planArms(parsePlan({ kind: 'committee', columns: 5 })).map((arm) => arm.key)).toEqual(['orig']);
    expect(planIdentity(parsePlan({ kind: 'committee', columns: 5, epochs: 2 }))).toEqual(planIdentity(parsePlan({ kind: 'committee', columns: 7, epochs: 2 })));
    expect(planIdentity(plan)).not.toEqual(planIdentity(parsePlan({ kind: 'committee', columns: 3, epochs: 2 })));
    expect(() => planArms(parsePlan({ kind: 'committee', columns: 2, preprocessings: [{ widthNorm: 10 }, {}, { widthNorm: 10 }] }))).toThrow(
      new PlanError('plan.preprocessings.2: the same as preprocessings.0 (width 10 px); list each preprocessing once'),
    );
    expect(() => parsePlan({ kind: 'committee', columns: 0 })).toThrow(/plan\.columns/);
    expect(() => parsePlan({ kind: 'committee', columns: 2, preprocessings: [{ widthNorm: 10.5 }] })).toThrow(/plan\.preprocessings\.0\.widthNorm/);
  });

  it('a width normalisation keeps the template\u2019s image size', () => {
    const base = { spec: { format: 1, name: 'n', nodes: [], edges: [] }, config: {}, dataset: { name: 'mnist', images: { size: [29, 29] } } } as unknown as PlanBase;
    const arms = planArms(plan);
    expect(applyOverrides(base, arms[1].overrides).dataset).toEqual({ name: 'mnist', images: { size: [29, 29], widthNorm: 10 } });
    expect(applyOverrides(base, arms[0].overrides).dataset).toEqual({ name: 'mnist', images: { size: [29, 29] } });
    expect(base.dataset).toEqual({ name: 'mnist', images: { size: [29, 29] } });
    expect(() => applyOverrides(base, [{ path: 'dataset.images.height', value: 3 }])).toThrow(/dataset\.images\.height: no image transform "height"; settings: dataset\.images\.widthNorm, dataset\.images\.size/);
  });
});
