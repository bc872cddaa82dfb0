import { test, expect } from './fixtures';

// Pictures for the README: `LAYERLAB_SCREENSHOTS=1 npx playwright test screenshots`. Skipped otherwise.
test.skip(!process.env.LAYERLAB_SCREENSHOTS, 'set LAYERLAB_SCREENSHOTS=1 to refresh docs/*.png');

const theme = process.env.LAYERLAB_THEME === 'dark' ? 'dark' : 'light';

test('screenshots of the editor, a live run and the comparison', async ({ app, editor, train, runs, page }) => {
  test.setTimeout(600_000);
  await page.emulateMedia({ colorScheme: theme });
  await editor.open(app.url);
  await editor.loadTemplate('mlp-dropout-784-800-800-10');
  await editor.select('fc1');
  await page.screenshot({ path: `docs/editor${theme === 'dark' ? '-dark' : ''}.png` });

  await train.set('train-limit', '6000');
  await train.set('train-epochs', '3');
  await train.set('train-name', 'dropout seed 1');
  await train.start();
  await expect.poll(() => train.chartPoints(), { timeout: 120_000 }).toBeGreaterThan(12);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `docs/live-run${theme === 'dark' ? '-dark' : ''}.png` });
  await expect(train.liveStatus()).toHaveText('completed', { timeout: 300_000 });

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
  await page.screenshot({ path: `docs/compare${theme === 'dark' ? '-dark' : ''}.png`, fullPage: true });
});
