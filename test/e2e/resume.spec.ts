import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

interface Detail {
  run: { status: string; epochsDone: number; parentRunId: string | null };
  artifacts: { kind: string; epoch: number | null }[];
}

test('a stopped run offers Resume, which continues it as a new run that names its parent', async ({ app, editor, runs, page }) => {
  const { runId } = await app.api<{ runId: string }>('runs.start', {
    spec: spiralsNet,
    config: { epochs: 400, batchSize: 10, optimizer: { kind: 'adam' }, learningRate: 0.01, seed: 7 },
    dataset: { name: 'spirals' },
    name: 'spiral-resume',
  });
  await expect.poll(async () => (await app.api<Detail>('runs.get', { runId })).run.epochsDone, { timeout: 120_000 }).toBeGreaterThan(0);
  await app.api('runs.stop', { runId });
  await expect.poll(async () => (await app.api<Detail>('runs.get', { runId })).run.status, { timeout: 60_000 }).toBe('stopped');

  await editor.open(app.url);
  await runs.open();
  await runs.row('spiral-resume').getByTestId('run-open').click();
  await expect(page.getByTestId('run-detail')).toBeVisible();
  await page.getByTestId('resume-run').click();

  await expect(page.getByTestId('run-resumed-from')).toHaveText(new RegExp(`^from run ${runId.slice(0, 8)} at epoch \\d+(\\.\\d+)?$`));
  await expect(page.getByTestId('resume-run')).toHaveCount(0);
  const resumed = (await app.api<{ id: string; parentRunId: string | null }[]>('runs.list', {})).find((run) => run.parentRunId === runId)!;
  expect(resumed).toBeDefined();
  await app.api('runs.stop', { runId: resumed.id });
});
