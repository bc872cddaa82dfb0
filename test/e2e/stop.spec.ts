import { test, expect } from './fixtures';

test('a long run is listed in the queue and Stop ends it as stopped', async ({ app, editor, train, runs, page }) => {
  await editor.open(app.url);
  await editor.loadTemplate('spirals-mlp');
  await editor.dragNodeBy('fc2', 220, 0);
  await train.set('train-epochs', '500');
  await train.set('train-name', 'long-spirals');
  await train.start();

  const queued = page.getByTestId('run-queue').getByTestId('queue-item').filter({ hasText: 'long-spirals' });
  await expect(queued).toBeVisible();
  await expect(train.liveStatus()).toHaveText('running', { timeout: 120_000 });
  await expect.poll(() => train.chartPoints(), { timeout: 120_000 }).toBeGreaterThan(0);
  await queued.getByTestId('stop-run').click();

  await expect(train.liveStatus()).toHaveText('stopped', { timeout: 60_000 });
  await expect(queued).toHaveCount(0);
  await runs.open();
  await expect(runs.row('long-spirals').getByTestId('run-status')).toHaveText('stopped');
});
