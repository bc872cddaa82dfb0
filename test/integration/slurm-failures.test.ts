import { beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, tempDir } from './cli-helpers';
import { planIdOf, requireLocalSlurm, spiralsTemplateFile, waitForStatus } from './slurm-cluster';

const ENDED = ['completed', 'failed', 'cancelled', 'timed out'];

describe('Slurm tasks that fail or run out of time (a real single-node Slurm, spirals)', () => {
  beforeAll(requireLocalSlurm);

  it('a task whose node setup fails shows failed with what it printed; a task past its --time shows timed out and syncs with the metrics it had', async () => {
    const work = tempDir('layerlab-slurm-fail-');
    const template = spiralsTemplateFile(work);
    const home = `${work}/home`;
    const sweep = (rate: string, epochs: string) => ['plan', 'sweep', template, '--grid', `config.learningRate=${rate}`, '--epochs', epochs, '--slurm', `${work}/shared`, '--data-dir', home];

    const slow = await runCli([...sweep('0.02', '5000'), '--time', '1']);
    expect(slow.code, slow.stderr).toBe(0);
    const slowPlan = planIdOf(slow.stderr);
    const broken = await runCli([...sweep('0.01', '2'), '--setup', 'echo "LayerLab is not installed on this node" >&2; exit 3']);
    expect(broken.code, broken.stderr).toBe(0);
    const brokenPlan = planIdOf(broken.stderr);

    const failed = await waitForStatus(brokenPlan, home, (s) => s.slots.every((x) => ENDED.includes(x.state)));
    expect(failed.slots).toHaveLength(1);
    expect(failed.slots[0].state).toBe('failed');
    expect(failed.slots[0].message).toBe('the Slurm task failed before LayerLab wrote its record; its output ends: LayerLab is not installed on this node');
    const text = await runCli(['plan', 'status', brokenPlan, '--data-dir', home]);
    expect(text.stdout).toMatch(/^g1\/s1 +failed +\d+_0 .*— the Slurm task failed before LayerLab wrote its record; its output ends: LayerLab is not installed on this node$/m);

    // Slurm counts time limits in whole minutes and checks them every half minute or so.
    const timedOut = await waitForStatus(slowPlan, home, (s) => s.slots.every((x) => ENDED.includes(x.state)));
    expect(timedOut.slots[0].state).toBe('timed out');
    expect(timedOut.slots[0].message).toMatch(/^Slurm stopped it at its time limit \(--time 1\) during epoch \d+ of 5000; give the plan more --time and run `layerlab plan resubmit`$/);

    const sync = await runCli(['plan', 'sync', slowPlan, '--data-dir', home, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const [run] = lastJsonLine<{ imported: { runId: string; status: string }[] }>(sync.stdout).imported;
    expect(run.status).toBe('failed');
    const shown = lastJsonLine<{ run: { status: string; error: string; epochsDone: number }; metrics: Record<string, unknown[]> }>((await runCli(['show', run.runId, '--data-dir', home, '--json'])).stdout);
    expect(shown.run.error).toMatch(/time limit \(--time 1\)/);
    expect((shown.metrics['epoch/train_loss'] ?? []).length).toBeGreaterThan(10);
  }, 300_000);
});
