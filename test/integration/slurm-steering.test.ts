import { beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, tempDir } from './cli-helpers';
import type { PlanLine } from './plan-fixtures';
import { planIdOf, requireLocalSlurm, slurmStatus, spiralsTemplateFile, waitForStatus } from './slurm-cluster';

describe('layerlab plan cancel / resubmit on Slurm (a real single-node Slurm, spirals)', () => {
  beforeAll(requireLocalSlurm);

  it('cancels one slot mid-run (cancelled, its metrics kept), resubmits only it, and the synced ablation has the verdict a local run computes', async () => {
    const work = tempDir('layerlab-slurm-steer-');
    // Batches of 4 (450 steps an epoch): a slot's 25 epochs take long enough that it is still running when the
    // cancel command starts; at batch 32 a quiet machine finished the slot first.
    const template = spiralsTemplateFile(work, { batchSize: 4 });
    const home = `${work}/home`;
    const planArgs = ['plan', 'ablate', template, '--setting', 'config.maxNorm', '--a', '{"limit":0.5}', '--b', 'null', '--seeds', '2', '--epochs', '25'];

    const submit = await runCli([...planArgs, '--slurm', `${work}/shared`, '--data-dir', home]);
    expect(submit.code, submit.stderr).toBe(0);
    expect(submit.stderr).toMatch(/\(ablation\): 4 runs, 4 slots sent to Slurm as job array \d+/);
    const planId = planIdOf(submit.stderr);

    // Cancel a/s1 once it has trained two epochs: its record has curves to keep.
    const running = await waitForStatus(planId, home, (s) => (s.slots.find((x) => x.slot === 'a/s1')?.live?.epochsDone ?? 0) >= 2);
    const target = running.slots.find((s) => s.slot === 'a/s1')!;
    expect(target.state).toBe('running');
    expect(target.live!.trainLoss).toEqual(expect.any(Number));
    const cancel = await runCli(['plan', 'cancel', planId, '--slot', 'a/s1', '--data-dir', home, '--json']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(lastJsonLine(cancel.stdout)).toEqual({ cancelled: ['a/s1'] });

    const ended = await waitForStatus(planId, home, (s) => s.slots.every((x) => ['completed', 'cancelled', 'failed', 'timed out'].includes(x.state)));
    expect(Object.fromEntries(ended.slots.map((s) => [s.slot, s.state]))).toEqual({ 'a/s1': 'cancelled', 'b/s1': 'completed', 'a/s2': 'completed', 'b/s2': 'completed' });
    expect(ended.slots.find((s) => s.slot === 'a/s1')!.message).toMatch(/^cancelled on Slurm \(scancel\) during epoch \d+ of 25/);

    const sync = await runCli(['plan', 'sync', planId, '--data-dir', home, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const cancelledRun = (lastJsonLine<{ imported: { slot: string; runId: string; status: string }[] }>(sync.stdout)).imported.find((r) => r.slot === 'a/s1')!;
    expect(cancelledRun.status).toBe('stopped');
    const shown = lastJsonLine<{ run: { status: string; error: string; wallMs: number }; metrics: Record<string, unknown[]>; artifacts: { kind: string }[] }>((await runCli(['show', cancelledRun.runId, '--data-dir', home, '--json'])).stdout);
    expect(shown.run.status).toBe('stopped');
    // Its wall time is the task's (two epochs at batch 4 and more), not the instant of the sync.
    expect(shown.run.wallMs).toBeGreaterThan(1000);
    expect(shown.run.error).toMatch(/^cancelled on Slurm \(scancel\) during epoch \d+ of 25; its metrics up to then are kept$/);
    expect((shown.metrics['epoch/train_loss'] ?? []).length).toBeGreaterThanOrEqual(2);
    expect(shown.artifacts.map((a) => a.kind)).toContain('checkpoint');

    const resubmit = await runCli(['plan', 'resubmit', planId, '--data-dir', home, '--json']);
    expect(resubmit.code, resubmit.stderr).toBe(0);
    const again = lastJsonLine<{ submitted: { slot: string }[] }>(resubmit.stdout);
    expect(again.submitted.map((s) => s.slot)).toEqual(['a/s1']);

    const done = await runCli(['plan', 'sync', planId, '--wait', '--poll', '1', '--data-dir', home, '--json']);
    expect(done.code, done.stderr).toBe(0);
    const status = await slurmStatus(planId, home);
    expect(status.slots.find((s) => s.slot === 'a/s1')).toMatchObject({ state: 'completed', attempts: 2, synced: true });

    const plan = lastJsonLine<PlanLine>((await runCli(['plan', 'show', planId, '--data-dir', home, '--json'])).stdout);
    expect(plan).toMatchObject({ status: 'completed', runsCompleted: 4 });
    expect(plan.slots.find((s) => s.slot === 'a/s1')!.attempts).toHaveLength(2);
    expect(plan.slots.filter((s) => s.slot !== 'a/s1').every((s) => s.attempts.length === 1)).toBe(true);

    const local = await runCli([...planArgs, '--parallel', '2', '--data-dir', `${work}/local`, '--json']);
    expect(local.code, local.stderr).toBe(0);
    const here = lastJsonLine<PlanLine>(local.stdout);
    expect(plan.statistics!.arms.a.testErrors).toEqual(here.statistics!.arms.a.testErrors);
    expect(plan.statistics!.arms.b.testErrors).toEqual(here.statistics!.arms.b.testErrors);
    expect(plan.statistics!.verdict).toBe(here.statistics!.verdict);
    expect(plan.statistics!.mcnemarNote).toBe(here.statistics!.mcnemarNote);
    expect(plan.headline).toBe(here.headline);
  }, 480_000);
});
