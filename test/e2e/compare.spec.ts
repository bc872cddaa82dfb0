import { test, expect, type ServedApp } from './fixtures';
import { centerOf, dragMouse } from './pages/mouse';

const smallMlp = {
  format: 1,
  name: 'mlp-784-32-10',
  nodes: [
    { id: 'input', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'flatten', kind: 'flatten', params: {} },
    { id: 'fc1', kind: 'dense', params: { units: 32, activation: 'relu' } },
    { id: 'fc2', kind: 'dense', params: { units: 10, activation: 'softmax' } },
  ],
  edges: [
    { from: 'input', to: 'flatten' },
    { from: 'flatten', to: 'fc1' },
    { from: 'fc1', to: 'fc2' },
  ],
};

async function trainToCompletion(app: ServedApp, name: string, config: Record<string, unknown>): Promise<string> {
  const { runId } = await app.api<{ runId: string }>('runs.start', { spec: smallMlp, config: { epochs: 1, batchSize: 50, ...config }, dataset: { name: 'mnist', trainLimit: 1000, testLimit: 1000 }, name });
  await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');
  return runId;
}

test('two runs compared show only the settings that differ and both sets of first-layer weight tiles', async ({ app, editor, runs, compare, page }) => {
  const [a, b] = await Promise.all([trainToCompletion(app, 'seed-1', { seed: 1, learningRate: 0.05 }), trainToCompletion(app, 'seed-2', { seed: 2, learningRate: 0.1 })]);

  await editor.open(app.url);
  await runs.open();
  await expect(runs.rows).toHaveCount(2);
  await runs.select('seed-1');
  await runs.select('seed-2');
  await runs.compareSelected();

  await expect(compare.view).toBeVisible();
  await expect(compare.diffRow('config.seed')).toContainText('1');
  await expect(compare.diffRow('config.seed')).toContainText('2');
  await expect(compare.diffRow('config.learningRate')).toContainText('0.05');
  await expect(compare.diffRow('config.learningRate')).toContainText('0.1');
  // Shared settings (same network, same batch size) are not listed.
  await expect(compare.diffRow('config.batchSize')).toHaveCount(0);
  expect(await compare.diffRows.count()).toBeLessThanOrEqual(4);

  await expect(compare.tiles).toHaveCount(2);
  for (const runId of [a, b]) {
    const tiles = compare.view.locator(`[data-testid="weight-tiles"][data-run-id="${runId}"]`);
    await expect(tiles).toHaveAttribute('data-tiles', '32');
    await expect(tiles).toContainText('28×28 each');
    const size = await tiles.locator('canvas').evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height]);
    expect(size[0]).toBeGreaterThan(28 * 8);
  }

  // Classifiers: loss in nats and accuracy; no regression RMSE/MAE chart.
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-y-label', 'cross-entropy (nats)');
  await expect(page.getByTestId('compare-acc')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('compare-error')).toHaveCount(0);

  // Zoom the overlaid loss curves by dragging across the chart, as a user does.
  const chart = page.getByTestId('compare-loss');
  await expect(chart).not.toHaveAttribute('data-points', '0');
  const plotArea = chart.locator('.u-over');
  const box = (await plotArea.boundingBox())!;
  const mid = await centerOf(plotArea);
  await dragMouse(page, { x: box.x + 5, y: mid.y }, { x: box.x + box.width * 0.6, y: mid.y });
  await expect(chart).not.toHaveAttribute('data-points', '0');
});
