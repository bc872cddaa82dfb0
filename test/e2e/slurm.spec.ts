import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { PlansPage } from './pages/plans-page';

/**
 * The Plans tab against the real single-node Slurm of scripts/slurm-local.sh (no mock of sbatch): a sweep
 * sent from the launch form, its slots' states and live curves, the runs brought home, cancel and resubmit.
 */
const allowed = mkdtempSync(join(tmpdir(), 'layerlab-e2e-slurm-'));
test.use({ serveArgs: ['--allow-dir', allowed] });

test.beforeAll(() => {
  try {
    execFileSync('sinfo', ['-h'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`these tests need the local Slurm: run scripts/slurm-local.sh as root first (${(error as Error).message})`);
  }
});

interface RunLine {
  id: string;
  status: string;
  wallMs: number | null;
  tags: string[];
}

async function sweepOnSlurm(plans: PlansPage, grid: [string, string][], budget: { epochs: string; train: string }): Promise<void> {
  const page = plans.page;
  await plans.open('sweep');
  await page.getByTestId('sweep-source').selectOption('spirals-mlp');
  for (const [path, values] of grid) await plans.addGrid(path, values);
  await plans.fill('sweep-seeds', '1');
  await plans.fill('sweep-epochs', budget.epochs);
  await plans.fill('sweep-train-limit', budget.train);
  await plans.fill('sweep-test-limit', '200');
  await page.getByTestId('sweep-run-slurm').check();
}

const EPOCHS = 300;

test('a sweep sent to Slurm from the Plans tab: slots go pending/running to completed, live curves come from the records, the runs land in the history, and a reopened app shows it all again', async ({ app, page }) => {
  const plans = new PlansPage(page);
  await page.goto(app.url);
  // 300 epochs on 1800 points: a task runs for 10 s or more even on a fast machine (20 epochs took 2 s and ended
  // between two of the view's 2-second polls), so the view sees it running.
  await sweepOnSlurm(plans, [['config.learningRate', '0.01, 0.05']], { epochs: String(EPOCHS), train: '1800' });
  await expect(page.getByTestId('sweep-start')).toHaveText('Send sweep to Slurm (2 runs)');

  // The form checks the options with the API's schema; the host keeps the shared folder inside --allow-dir.
  await plans.fill('sweep-slurm-dir', 'scratch/layerlab');
  await plans.fill('sweep-slurm-time', 'an hour');
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-slurm-dir-error')).toContainText('expected an absolute path');
  await expect(page.getByTestId('sweep-slurm-time-error')).toContainText('expected a Slurm time limit');
  await plans.fill('sweep-slurm-time', '10');
  await plans.fill('sweep-slurm-dir', join(tmpdir(), 'not-allowed-here'));
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('plan-error')).toContainText('sharedDir');
  await expect(page.getByTestId('plan-error')).toContainText('--allow-dir');
  await expect(page.getByTestId('plan-item')).toHaveCount(0);

  await plans.fill('sweep-slurm-dir', join(allowed, 'shared'));
  await plans.fill('sweep-slurm-mem', '1G');
  await page.getByTestId('sweep-start').click();

  const panel = page.getByTestId('slurm-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('data-plan-dir', new RegExp(`^${join(allowed, 'shared')}/[0-9a-f-]{36}$`));
  const slots = page.getByTestId('slurm-slot');
  await expect(slots).toHaveCount(2);
  await expect(slots.first()).toHaveAttribute('data-state', /pending|running|completed/);

  // While a task runs, its epochs and loss and the live chart come from its record's metrics.jsonl.
  const live = page.locator('[data-testid="slurm-slot"][data-state="running"] [data-testid="slurm-slot-live"]', { hasText: new RegExp(`^epoch [1-9]\\d*/${EPOCHS} · loss \\d`) });
  await expect(live.first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('slurm-live-chart')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('slurm-live-chart').getAttribute('data-points'))).toBeGreaterThan(0);

  // Both end completed and are synced into the history without a button press.
  await expect(page.locator('[data-testid="slurm-slot"][data-state="completed"][data-synced="true"]')).toHaveCount(2, { timeout: 150_000 });
  await expect(page.getByTestId('slurm-counts')).toHaveText('2 completed');
  await expect(plans.status).toHaveAttribute('data-status', 'completed');
  await expect(plans.rows).toHaveCount(2);
  // Train and validation loss of both slots, every epoch.
  await expect.poll(async () => Number(await page.getByTestId('slurm-live-chart').getAttribute('data-points'))).toBe(2 * 2 * EPOCHS);
  const runs = await app.api<RunLine[]>('runs.list', {});
  expect(runs.map((run) => [run.status, run.tags.includes('slurm')])).toEqual([['completed', true], ['completed', true]]);

  // Reopening the app: the plan, its Slurm slots and their states come back from the history.
  await page.reload();
  await page.getByTestId('tab-plans').click();
  await expect(page.getByTestId('slurm-counts')).toHaveText('2 completed');
  await expect(page.locator('[data-testid="slurm-slot"][data-state="completed"][data-synced="true"]')).toHaveCount(2);
  await expect(page.getByTestId('slurm-cancel-plan')).toBeDisabled();
  // Sending the same sweep again sends nothing: both runs are done.
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
});

test('cancelling a running Slurm slot shows it cancelled with its epochs, its synced run keeps its real wall time, resubmit sends only it, Cancel plan stops the rest', async ({ app, page }) => {
  const plans = new PlansPage(page);
  await page.goto(app.url);
  // Batches of 4 on 1800 points: each epoch takes long enough to cancel mid-run.
  await sweepOnSlurm(plans, [['config.batchSize', '4'], ['config.learningRate', '0.01, 0.03']], { epochs: '60', train: '1800' });
  await plans.fill('sweep-slurm-dir', join(allowed, 'steer'));
  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('slurm-slot')).toHaveCount(2);

  const first = page.locator('[data-testid="slurm-slot"][data-slot="g1/s1"]');
  await expect(first).toHaveAttribute('data-state', 'running', { timeout: 90_000 });
  await expect(first.getByTestId('slurm-slot-live')).toHaveText(/^epoch [2-9]\d*\/60/, { timeout: 120_000 });
  await first.getByTestId('slurm-cancel-slot').click();
  await expect(first).toHaveAttribute('data-state', 'cancelled', { timeout: 60_000 });
  await expect(first.getByTestId('slurm-slot-message')).toHaveText(/^cancelled on Slurm \(scancel\) during epoch \d+ of 60$/);
  await expect(first).toHaveAttribute('data-synced', 'true');
  const other = page.locator('[data-testid="slurm-slot"][data-slot="g2/s1"]');
  await expect(other).toHaveAttribute('data-state', /pending|running/);

  // The cancelled run is in the history as stopped, with the time its task really ran (not ~0).
  const detail = await app.api<{ slots: { slot: string; taskId: string; runId: string }[] }>('plans.slurm.status', { planId: (await app.api<{ id: string }[]>('plans.list'))[0].id });
  const cancelledRunId = detail.slots.find((s) => s.slot === 'g1/s1')!.runId;
  const cancelled = await app.api<{ run: RunLine & { epochsDone: number } }>('runs.get', { runId: cancelledRunId });
  expect(cancelled.run.status).toBe('stopped');
  expect(cancelled.run.epochsDone).toBeGreaterThanOrEqual(2);
  expect(cancelled.run.wallMs).toBeGreaterThan(2000);

  // Resubmit sends g1/s1 again as a second attempt; the running g2/s1 is left alone.
  await first.getByTestId('slurm-resubmit-slot').click();
  await expect(first).toHaveAttribute('data-state', /pending|running/, { timeout: 30_000 });
  await expect(first).toContainText('attempt 2');
  await expect(other).not.toContainText('attempt 2');

  await page.getByTestId('slurm-cancel-plan').click();
  await expect(page.locator('[data-testid="slurm-slot"][data-state="cancelled"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('slurm-resubmit-all')).toHaveText('Resubmit failed and cancelled (2)');
});
