import { describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, startCli, tempDir, waitForStderr, writeJson } from './cli-helpers';
import { spiralsMaxNormTemplate, type PlanLine } from './plan-fixtures';

const template = writeJson(tempDir(), 'spirals.json', spiralsMaxNormTemplate());
const sweep = (dataDir: string, trials: number, parallel: number) => [
  'plan', 'sweep', template,
  '--grid', 'config.learningRate=0.01,0.1', '--grid', 'node.h1.units=16,32',
  '--random', String(trials), '--random-seed', '5', '--space', 'config.learningRate=log-uniform:0.001:0.3', '--space', 'node.h1.units=int:8:64',
  '--seeds', '1', '--epochs', '2', '--train-limit', '500', '--parallel', String(parallel), '--data-dir', dataDir, '--json',
];

describe('layerlab plan sweep (spirals, real trainer processes)', () => {
  it('runs a 2 × 2 grid plus 4 random trials; after a kill -9 the same command reuses the finished runs and continues the rest; a 5th trial keeps the first 4', async () => {
    const dataDir = tempDir('layerlab-plan-sweep-');
    const first = startCli(sweep(dataDir, 4, 1));
    const exitedEarly = first.done.then((r) => Promise.reject(new Error(`the sweep ended before the kill (${r.code}):\n${r.stderr}`)));
    await Promise.race([waitForStderr(first.stderrSoFar, (stderr) => (stderr.match(/ completed: \d+ test errors/g) ?? []).length >= 3, 150_000), exitedEarly]);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const planId = /^plan ([0-9a-f-]{36}) \(sweep\): 8 runs \(8 settings × 1 seed\), 8 to run/.exec(first.stderrSoFar())![1];
    const killed = lastJsonLine<PlanLine>((await runCli(['plan', 'show', planId, '--data-dir', dataDir, '--json'])).stdout);
    const doneBefore = killed.slots.filter((slot) => slot.status === 'completed');
    expect(doneBefore.length).toBeGreaterThanOrEqual(3);
    expect(doneBefore.length).toBeLessThan(8);

    const second = await runCli(sweep(dataDir, 4, 2));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`^plan ${planId} \\(sweep\\): 8 runs \\(8 settings × 1 seed\\), resuming: ${doneBefore.length} of 8 runs already done`));
    const result = lastJsonLine<PlanLine>(second.stdout);
    expect(result).toMatchObject({ planId, status: 'completed', runsCompleted: 8, runsTotal: 8 });
    // Finished runs reused (same run ids); every slot ends with exactly one completed run.
    for (const slot of doneBefore) expect(result.slots.find((s) => s.slot === slot.slot)).toMatchObject({ runId: slot.runId, attempts: [slot.runId] });
    expect(result.slots.every((slot) => slot.status === 'completed')).toBe(true);
    expect(new Set(result.slots.map((slot) => slot.runId)).size).toBe(8);
    // The interrupted slots have their crashed run and the one that replaced or continued it.
    for (const slot of result.slots.filter((s) => !doneBefore.some((d) => d.slot === s.slot))) expect(slot.attempts.length).toBeLessThanOrEqual(2);

    const table = result.sweep!;
    expect(table.objective.key).toBe('testErrorRate');
    expect(table.rows.map((row) => row.objective)).toEqual([...table.rows.map((row) => row.objective!)].sort((a, b) => a - b));
    expect(table.bestSlot).toBe(table.rows[0].slot);
    expect(table.axes.map((axis) => [axis.path, axis.scale])).toEqual([['config.learningRate', 'log'], ['node.h1.units', 'linear']]);
    expect(table.rows.filter((row) => row.arm.startsWith('g')).map((row) => row.settings).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { 'config.learningRate': 0.01, 'node.h1.units': 16 },
      { 'config.learningRate': 0.01, 'node.h1.units': 32 },
      { 'config.learningRate': 0.1, 'node.h1.units': 16 },
      { 'config.learningRate': 0.1, 'node.h1.units': 32 },
    ]);
    expect(result.headline).toMatch(/^best: learningRate=[\d.]+ h1\.units=\d+, seed 1: test error rate [\d.]+ \(of 8 completed runs\)$/);

    const text = await runCli(['plan', 'show', planId, '--data-dir', dataDir]);
    expect(text.stdout).toMatch(new RegExp(`^ {2}\\* {2}[\\d.]+ +\\d+ +1 +[\\d.]+% .*${table.rows[0].runId!.slice(0, 8)}$`, 'm'));

    const more = await runCli(sweep(dataDir, 5, 2));
    expect(more.code, more.stderr).toBe(0);
    expect(more.stderr).toMatch(new RegExp(`^plan ${planId} \\(sweep\\): 9 runs \\(9 settings × 1 seed\\), resuming: 8 of 9 runs already done, 1 to run`));
    const grown = lastJsonLine<PlanLine>(more.stdout);
    for (const row of table.rows) expect(grown.sweep!.rows.find((r) => r.slot === row.slot)).toMatchObject({ runId: row.runId, settings: row.settings });
    expect(grown.slots.map((slot) => slot.slot)).toContain('r5/s1');
  }, 400_000);
});
