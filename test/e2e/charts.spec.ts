import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

test.describe('live and finished run charts', () => {
  test('live charts that appeared while another tab was shown take their full width when the editor is shown', async ({ app, editor, runs, train, page }) => {
    await editor.open(app.url);
    await runs.open();
    // A run started elsewhere (the CLI, another window) becomes the live run while the Runs tab is shown.
    await app.api('runs.start', { spec: spiralsNet, config: { epochs: 3 }, dataset: { name: 'spirals' }, name: 'background' });
    await expect(runs.row('background').getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
    await page.getByTestId('tab-editor').click();
    const figure = await train.lossChart.evaluate((element) => element.clientWidth);
    expect(figure).toBeGreaterThan(300);
    await expect.poll(() => train.lossChart.locator('canvas').first().evaluate((canvas) => Math.round(canvas.getBoundingClientRect().width))).toBeGreaterThan(figure - 10);
  });

  test('charts keep their width after a tab switch, read out values on hover, print the final figures, and tick whole epochs', async ({ app, editor, train, runs, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('spirals-mlp');
    await train.set('train-epochs', '12');
    await train.set('train-name', 'charts');
    await train.start();
    const chart = train.lossChart;
    await expect.poll(() => train.chartPoints(), { timeout: 120_000 }).toBeGreaterThan(0);
    const canvasWidth = () => chart.locator('canvas').first().evaluate((canvas) => Math.round(canvas.getBoundingClientRect().width));
    const figureWidth = await chart.evaluate((figure) => figure.clientWidth);
    expect(figureWidth).toBeGreaterThan(300);
    await expect.poll(canvasWidth).toBeGreaterThan(figureWidth - 10);
    // The run goes on (and its charts get new points) while another tab is shown.
    await runs.open();
    await expect(runs.row('charts').getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
    await page.getByTestId('tab-editor').click();
    await expect.poll(canvasWidth).toBeGreaterThan(figureWidth - 10);

    // Hovering reads the values under the cursor; with no cursor the readout shows the newest ones.
    const readout = chart.getByTestId('chart-readout');
    await expect(readout).toContainText(/validation \d/);
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await expect(readout).toContainText(/^step \d+/);
    await expect(readout).toContainText(/train \(step\) \d/);

    // A finished run prints its final figures beside the curves.
    await expect(page.getByTestId('live-run').getByTestId('final-figures')).toContainText(/validation accuracy \d+\.\d%/);
    await expect(page.getByTestId('live-run').getByTestId('final-figures')).toContainText(/test error [\d,]+ \/ [\d,]+/);

    // Per epoch: whole-epoch ticks only.
    await page.getByTestId('live-run').getByRole('button', { name: 'per epoch' }).click();
    await expect(chart).toHaveAttribute('data-x-ticks', /\d/);
    const ticks = (await chart.getAttribute('data-x-ticks'))!.split(',').map(Number);
    expect(ticks.every((tick) => Number.isInteger(tick))).toBe(true);
  });
});
