import { describe, expect, it } from 'vitest';
import { parsePlan, planArms, planProgress, planSlots, sweepResult, type SweepPlanDef } from '../../../src-shared/plans';

describe('sweepResult', () => {
  const plan = parsePlan({
    kind: 'sweep',
    grid: [{ path: 'config.optimizer.kind', values: ['sgd', 'adam'] }],
    random: { trials: 1, seed: 1, space: [{ path: 'config.learningRate', dist: 'log-uniform', min: 0.001, max: 0.1 }] },
    seeds: 2,
  }) as SweepPlanDef;
  const arms = planArms(plan);
  const slots = planSlots(plan, arms);
  const run = (id: string, rate: number | null, status: 'completed' | 'diverged' | 'running' = 'completed') => ({
    runId: id, status, task: 'classification' as const, testErrors: rate === null ? null : rate * 100, testErrorRate: rate, testRmse: null, finalLoss: 0.5, wallMs: 1000,
  });

  it('sorts the rows by the objective (best first, rows without one last), ranks the settings by their mean over seeds, and lists the axes', () => {
    const outcomes = [run('a', 0.3), run('b', 0.2), run('c', null, 'diverged'), run('d', 0.25), run('e', 0.1), undefined];
    const result = sweepResult(plan, arms, slots.map((slot, i) => ({ slot, run: outcomes[i] })));
    expect(result.objective).toEqual({ key: 'testErrorRate', label: 'test error rate', direction: 'min' });
    expect(result.rows.map((row) => [row.slot, row.objective])).toEqual([
      ['g2/s2', 0.1], ['g2/s1', 0.2], ['g1/s2', 0.25], ['g1/s1', 0.3], ['r1/s1', null], ['r1/s2', null],
    ]);
    expect(result.rows.at(-1)!.status).toBe('not started');
    expect(result.bestSlot).toBe('g2/s2');
    expect(result.arms.map((arm) => [arm.arm, arm.objectiveMean, arm.seedsCompleted])).toEqual([['g2', 0.15000000000000002, 2], ['g1', 0.275, 2], ['r1', null, 0]]);
    expect(result.bestArm).toBe('g2');
    expect(result.axes).toEqual([
      { path: 'config.optimizer.kind', scale: 'category', values: ['sgd', 'adam'] },
      { path: 'config.learningRate', scale: 'log', values: [arms[2].overrides[0].value] },
    ]);
  });

  it('ranks regression runs by test RMSE unless told otherwise', () => {
    const regression = { ...run('a', null), task: 'regression' as const, testRmse: 2.5 };
    expect(sweepResult(plan, arms, [{ slot: slots[0], run: regression }]).objective.key).toBe('testRmse');
    expect(sweepResult({ ...plan, objective: 'finalLoss' }, arms, [{ slot: slots[0], run: regression }]).rows[0].objective).toBe(0.5);
  });
});

describe('planProgress', () => {
  it('counts runs done and estimates the time left from finished runs and the running runs\' ETAs', () => {
    const progress = planProgress(
      [
        { status: 'completed', wallMs: 10_000 },
        { status: 'completed', wallMs: 20_000 },
        { status: 'running', fraction: 0.5, etaMs: 5_000 },
        { status: 'queued' },
        { status: 'not started' },
      ],
      2,
    );
    // Two trainers: one frees in 5 s, the other now; the two queued runs take 15 s each → 15 s and 20 s.
    expect(progress).toEqual({ runsTotal: 5, runsDone: 2, runsRunning: 1, runsQueued: 2, fraction: 0.5, etaMs: 20_000 });
    expect(planProgress([{ status: 'queued' }, { status: 'queued' }], 1).etaMs).toBeNull();
    expect(planProgress([{ status: 'completed', wallMs: 1 }, { status: 'diverged' }], 1)).toMatchObject({ runsDone: 2, fraction: 1, etaMs: 0 });
  });
});
