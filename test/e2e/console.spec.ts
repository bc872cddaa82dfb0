import { join } from 'node:path';
import { test, expect } from './fixtures';
import { DatasetsPage } from './pages/datasets-page';
import { PlansPage } from './pages/plans-page';

/**
 * A normal session — build a network, train, compare two runs, a study (a paired ablation from the Plans tab),
 * the built-in MNIST preview, import a table, Back between tabs — logs no console error or warning
 * and asks for nothing the server does not have (the favicon included).
 */
test('a normal session logs no console error or warning and no failed request', async ({ app, editor, train, runs, compare, page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });

  await editor.open(app.url);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', './favicon.svg');
  // Build: a layer from the palette, wired in and edited with the keyboard on the way.
  await editor.loadTemplate('spirals-mlp');
  await editor.select('fc1');
  await editor.setParam('units', '12');
  await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');
  await train.set('train-epochs', '2');
  await train.set('train-name', 'session-a');
  await train.start();
  await expect(train.liveStatus()).toHaveText('completed', { timeout: 120_000 });
  await train.set('train-seed', '2');
  await train.set('train-name', 'session-b');
  await train.start();
  await expect(train.liveStatus()).toHaveText('completed', { timeout: 120_000 });

  await runs.open();
  await runs.select('session-a');
  await runs.select('session-b');
  await runs.compareSelected();
  await expect(compare.diffRow('config.seed')).toBeVisible();
  await page.getByTestId('compare-search').fill('session');
  await expect(page.getByTestId('compare-pick')).toHaveCount(2);
  await page.keyboard.press('Escape');

  // A study: max-norm 0.5 against none over two seeds of the spirals template.
  const plans = new PlansPage(page);
  await plans.open('ablation');
  await page.getByTestId('ablation-source').selectOption('spirals-mlp');
  await plans.pickSetting(page.getByTestId('ablation-setting'), 'config.maxNorm');
  await plans.fill('ablation-a', '0.5');
  await plans.fill('ablation-b', 'off');
  await plans.fill('ablation-seeds', '2');
  await plans.fill('ablation-epochs', '1');
  await plans.fill('ablation-train-limit', '300');
  await plans.fill('ablation-test-limit', '300');
  await page.getByTestId('ablation-start').click();
  await expect(plans.status).toHaveAttribute('data-status', 'completed', { timeout: 170_000 });
  await expect(plans.verdictText).not.toBeEmpty();

  const datasets = new DatasetsPage(page);
  await datasets.open();
  await page.getByTestId('dataset-mnist').click();
  await expect(page.getByTestId('image-grid').locator('canvas')).toHaveCount(32);
  await datasets.previewImport([join(process.cwd(), 'node_modules/vega-datasets/data/seattle-weather.csv')], { target: 'weather' });
  await datasets.confirm();
  await expect(page.getByTestId('dataset-seattle-weather')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'plans');

  expect(problems).toEqual([]);
});
