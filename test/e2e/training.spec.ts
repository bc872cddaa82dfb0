import { test, expect } from './fixtures';

test.describe('training', () => {
  test('a one-epoch run on a small MNIST subset draws live curves and lands in history as completed', async ({ app, editor, train, runs, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('mlp-784-800-800-10');
    // Make it small enough for a test: one hidden layer of 64 units, reached by a real drag of the node.
    await editor.dragNodeBy('fc1', 200, 0);
    await editor.select('fc1');
    await editor.setParam('units', '64');
    await expect(editor.shape('fc1')).toHaveText('64');

    await train.chooseDataset('mnist');
    await train.set('train-limit', '1000');
    await train.set('train-epochs', '1');
    await train.set('train-name', 'e2e-live');
    await train.start();

    await expect.poll(() => train.chartPoints(), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect(train.liveStatus()).toHaveText('completed', { timeout: 120_000 });

    await runs.open();
    const row = runs.row('e2e-live');
    await expect(row.getByTestId('run-status')).toHaveText('completed');
    await expect(row.getByTestId('run-test-error')).toContainText('%');

    await row.getByTestId('run-open').click();
    await expect(page.getByTestId('run-detail')).toBeVisible();
    await expect(page.getByTestId('run-network').getByTestId('node-shape-fc1')).toHaveText('64');
    await expect(page.getByTestId('run-config')).toContainText('"epochs": 1');
    await expect.poll(() => train.chartPoints(page.getByTestId('run-detail-charts').getByTestId('chart-loss'))).toBeGreaterThan(0);
    // A classifier charts accuracy, not the RMSE/MAE of regression runs.
    await expect(page.getByTestId('run-detail-charts').getByTestId('chart-acc')).toHaveAttribute('data-y-label', 'accuracy (0–1)');
    await expect(page.getByTestId('run-detail-charts').getByTestId('chart-error')).toHaveCount(0);
  });
});
