import { test, expect } from './fixtures';

// Pictures for the README: `LAYERLAB_SCREENSHOTS=1 npx playwright test screenshots`. Skipped otherwise.
test.skip(!process.env.LAYERLAB_SCREENSHOTS, 'set LAYERLAB_SCREENSHOTS=1 to refresh docs/*.png');

const theme = process.env.LAYERLAB_THEME === 'dark' ? 'dark' : 'light';

const suffix = theme === 'dark' ? '-dark' : '';

test('screenshots of the editor, the shortcut sheet, a live run, values read off a chart and the comparison', async ({ app, editor, train, runs, page }) => {
  test.setTimeout(600_000);
  await page.emulateMedia({ colorScheme: theme });
  await editor.open(app.url);
  await editor.loadTemplate('mlp-dropout-784-800-800-10');
  await editor.select('fc1');
  await page.screenshot({ path: `docs/editor${suffix}.png` });
  await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
  await page.screenshot({ path: `docs/shortcuts${suffix}.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toBeHidden();

  await train.set('train-limit', '6000');
  await train.set('train-epochs', '3');
  await train.set('train-name', 'dropout seed 1');
  await train.start();
  await expect.poll(() => train.chartPoints(), { timeout: 120_000 }).toBeGreaterThan(12);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `docs/live-run${suffix}.png` });
  await expect(train.liveStatus()).toHaveText('completed', { timeout: 300_000 });
  // The finished run's figures, and the values under the cursor two thirds of the way along the loss curves.
  const plot = page.getByTestId('live-run').getByTestId('chart-loss').locator('.u-over');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.66, box.y + box.height * 0.5);
  await expect(page.getByTestId('live-run').getByTestId('chart-loss').getByTestId('chart-readout')).toHaveAttribute('title', 'values under the cursor');
  await page.screenshot({ path: `docs/chart-values${suffix}.png` });

  await editor.loadTemplate('mlp-784-800-800-10');
  await train.set('train-limit', '6000');
  await train.set('train-epochs', '3');
  await train.set('train-name', 'no dropout seed 1');
  await train.start();
  await expect(page.getByTestId('live-run').getByTestId('live-status')).toHaveText('completed', { timeout: 300_000 });

  await runs.open();
  await runs.select('dropout seed 1');
  await runs.select('no dropout seed 1');
  await runs.compareSelected();
  await expect(page.getByTestId('weight-tiles')).toHaveCount(2);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `docs/compare${suffix}.png`, fullPage: true });
});
