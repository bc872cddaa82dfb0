import { beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, startCli, tempDir, waitForStderr } from './cli-helpers';
import type { PlanLine } from './plan-fixtures';
import { planIdOf, requireLocalSlurm, slurmStatus, spiralsTemplateFile } from './slurm-cluster';

type RowLine = NonNullable<PlanLine['sweep']>['rows'][number] & { finalLoss: number | null };

describe('layerlab plan sweep --slurm (a real single-node Slurm, spirals)', () => {
  beforeAll(requireLocalSlurm);

  it('sends a 2 × 2 sweep as one job array; a killed sync leaves the jobs running and a new one picks them up; sync imports 4 runs whose finalLoss equals the same slots run here, and syncing again imports nothing', async () => {
    const work = tempDir('layerlab-slurm-sweep-');
    const template = spiralsTemplateFile(work);
    const planArgs = ['plan', 'sweep', template, '--grid', 'config.learningRate=0.01,0.1', '--grid', 'node.h1.units=16,32', '--epochs', '2', '--train-limit', '500'];
    const home = `${work}/home`;

    const submit = await runCli([...planArgs, '--slurm', `${work}/shared`, '--cpus-per-task', '1', '--mem', '1G', '--time', '10', '--max-running', '1', '--data-dir', home]);
    expect(submit.code, submit.stderr).toBe(0);
    expect(submit.stderr).toMatch(/\(sweep\): 4 runs, 4 slots sent to Slurm as job array (\d+) \(tasks \1_0…\1_3\)/);
    const planId = planIdOf(submit.stderr);

    const first = await slurmStatus(planId, home);
    expect(first.slots.map((s) => s.slot)).toEqual(['g1/s1', 'g2/s1', 'g3/s1', 'g4/s1']);
    for (const slot of first.slots) expect(['pending', 'running', 'completed']).toContain(slot.state);

    // A following sync killed after its first import (one task at a time: three are still to come): the jobs go on without it.
    const follower = startCli(['plan', 'sync', planId, '--wait', '--poll', '1', '--data-dir', home]);
    await waitForStderr(follower.stderrSoFar, (stderr) => /^synced g\d\/s1: completed/m.test(stderr), 240_000);
    follower.child.kill('SIGKILL');
    expect((await follower.done).signal).toBe('SIGKILL');

    const meanwhile = await slurmStatus(planId, home);
    expect(meanwhile.slots.filter((s) => s.synced).length).toBeLessThan(4);

    // The same sweep run here, while the cluster works.
    const local = await runCli([...planArgs, '--parallel', '2', '--data-dir', `${work}/local`, '--json']);
    expect(local.code, local.stderr).toBe(0);
    const localRows = lastJsonLine<PlanLine>(local.stdout).sweep!.rows as RowLine[];

    const resumed = await runCli(['plan', 'sync', planId, '--wait', '--poll', '1', '--data-dir', home, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = lastJsonLine<{ imported: { slot: string }[]; status: { slots: { state: string; synced: boolean }[] } }>(resumed.stdout);
    expect(after.status.slots.every((s) => s.state === 'completed' && s.synced)).toBe(true);

    const again = await runCli(['plan', 'sync', planId, '--data-dir', home, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(lastJsonLine<{ imported: unknown[] }>(again.stdout).imported).toEqual([]);

    const shown = await runCli(['plan', 'show', planId, '--data-dir', home, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const plan = lastJsonLine<PlanLine>(shown.stdout);
    expect(plan).toMatchObject({ status: 'completed', runsCompleted: 4, runsTotal: 4 });
    expect(plan.slots.every((slot) => slot.attempts.length === 1)).toBe(true);
    const rows = plan.sweep!.rows as RowLine[];
    const bySlot = (list: RowLine[]) => Object.fromEntries(list.map((row) => [row.slot, [row.finalLoss, row.objective]]));
    expect(bySlot(rows)).toEqual(bySlot(localRows));
    expect(rows.every((row) => typeof row.finalLoss === 'number')).toBe(true);
    expect(plan.sweep!.bestSlot).toBe(lastJsonLine<PlanLine>(local.stdout).sweep!.bestSlot);
    expect(plan.headline).toBe(lastJsonLine<PlanLine>(local.stdout).headline);

    const list = await runCli(['list', '--data-dir', home, '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(4);
  }, 480_000);
});
