import { describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, tempDir, writeJson } from './cli-helpers';
import { spiralsMaxNormTemplate, type PlanLine } from './plan-fixtures';

const template = writeJson(tempDir(), 'spirals-max-norm.json', spiralsMaxNormTemplate());
const ablate = (dataDir: string, seeds: number, ...more: string[]) => [
  'plan', 'ablate', template, '--setting', 'config.maxNorm', '--a', '{"limit":0.5}', '--a-label', 'max-norm on', '--b', 'null', '--b-label', 'max-norm off',
  '--seeds', String(seeds), '--epochs', '3', '--train-limit', '1000', '--data-dir', dataDir, ...more,
];

describe('layerlab plan ablate (spirals, real trainer processes)', () => {
  it('ablates max-norm on vs off over paired seeds, ends with the verdict, and a third seed later reuses the first two', async () => {
    const dataDir = tempDir('layerlab-plan-ablate-');
    const first = await runCli(ablate(dataDir, 2));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^plan [0-9a-f-]{36} \(ablation\): 4 runs \(2 settings × 2 seeds\), 4 to run/);
    expect(first.stderr).toMatch(/max-norm on · seed 1 +completed: \d+ test errors .*\[\d of 4 runs done, .*ETA/);
    expect(first.stdout).toMatch(/^ {2}verdict {4}(no significant difference: max-norm on changed|max-norm on (lowered|raised)) test error vs max-norm off by /m);
    expect(first.stdout).toMatch(/^ {2}basis {6}The verdict rests on the paired t-test over the 2 seeds/m);
    const planId = /^plan ([0-9a-f-]{36})/.exec(first.stderr)![1];
    const before = lastJsonLine<PlanLine>((await runCli(['plan', 'show', planId.slice(0, 8), '--data-dir', dataDir, '--json'])).stdout);

    const second = await runCli(ablate(dataDir, 3, '--json'));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`^plan ${planId} \\(ablation\\): 6 runs \\(2 settings × 3 seeds\\), resuming: 4 of 6 runs already done, 2 to run`));
    const result = lastJsonLine<PlanLine>(second.stdout);
    expect(result).toMatchObject({ planId, kind: 'ablation', status: 'completed', runsCompleted: 6, runsTotal: 6 });
    for (const slot of before.slots) expect(result.slots.find((s) => s.slot === slot.slot)?.runId).toBe(slot.runId);
    expect(result.slots.map((slot) => slot.slot)).toEqual(['a/s1', 'b/s1', 'a/s2', 'b/s2', 'a/s3', 'b/s3']);

    const stats = result.statistics!;
    expect(stats.seeds).toEqual([1, 2, 3]);
    expect(stats.differenceOf).toBe('max-norm on − max-norm off');
    expect(stats.arms.a.testErrors).toHaveLength(3);
    expect(stats.arms.b.testErrors).toHaveLength(3);
    expect(stats.meanDifference).toBeCloseTo(stats.arms.a.mean - stats.arms.b.mean, 10);
    expect(stats.pairedT.df).toBe(2);
    // The headline states the same signed difference as the numbers, with one decimal at most.
    const signed = (x: number) => { const r = Math.round(x * 10) / 10; return r === 0 ? '0' : `${r < 0 ? '−' : '+'}${Math.abs(r)}`; };
    if (stats.pairedT.p !== null && stats.pairedT.p >= 0.05) {
      expect(stats.verdict).toContain(`no significant difference: max-norm on changed test error vs max-norm off by ${signed(stats.meanDifference)} errors of 1,000`);
    } else if (stats.pairedT.p !== null) {
      expect(stats.verdict).toContain(`difference ${signed(stats.meanDifference)} (95% CI`);
    }
    expect(stats.verdict).toMatch(/paired t over 3 seeds, p [=<] [\d.]+$|on every one of 3 paired seeds/);
    expect(result.headline).toBe(stats.verdict);
    expect(stats.mcnemarNote).toMatch(/pools test examples across seeds.*ignores the seed-to-seed variance of training/);
  }, 300_000);

  it('names the setting path at fault and what exists there, before anything runs', async () => {
    const dataDir = tempDir('layerlab-plan-ablate-');
    const bad = await runCli(['plan', 'ablate', template, '--setting', 'node.h9.units', '--a', '16', '--b', '32', '--seeds', '2', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('this plan cannot start:\nnode.h9.units: no node "h9"; nodes: in, h1, h2, out');
    const param = await runCli(['plan', 'ablate', template, '--setting', 'node.h1.unitz', '--a', '16', '--b', '32', '--seeds', '2', '--data-dir', dataDir]);
    expect(param.stderr).toMatch(/node\.h1\.unitz: node "h1" \(dense\) has no param "unitz"; params: units, /);
    const value = await runCli(['plan', 'ablate', template, '--setting', 'config.learningRate', '--a', '0.1', '--b=-1', '--seeds', '2', '--data-dir', dataDir]);
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/learningRate -1: config\.learningRate: /);
    const seeds = await runCli(['plan', 'ablate', template, '--setting', 'config.learningRate', '--a', '0.1', '--b', '0.2', '--seeds', '0', '--data-dir', dataDir]);
    expect(seeds.stderr).toMatch(/--seeds: expected at least 1 seed/);
    const list = await runCli(['plan', 'list', '--data-dir', dataDir]);
    expect(list.stdout).toMatch(/^no plans yet/);
  }, 60_000);
});
