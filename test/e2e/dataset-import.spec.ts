import { join } from 'node:path';
import { test, expect } from './fixtures';
import { DatasetsPage } from './pages/datasets-page';

const VEGA = join(process.cwd(), 'node_modules/vega-datasets/data');

interface RunDetail {
  run: { status: string; dataset: string; testErrorRate: number | null; testRmse: number | null };
  spec: unknown;
  config: Record<string, unknown>;
  datasetRef: unknown;
}

test.describe('bring your own data in the UI', () => {
  test('seattle-weather.csv: preview with histograms and class balance, import, train, error rate', async ({ app, editor, train, page }) => {
    const datasets = new DatasetsPage(page);
    await editor.open(app.url);
    await datasets.open();
    await datasets.previewImport([join(VEGA, 'seattle-weather.csv')], { target: 'weather' });
    await expect(datasets.dialog.getByTestId('dataset-facts')).toContainText('classification of “weather”');
    await expect(datasets.dialog.getByTestId('class-balance')).toContainText('drizzle');
    await expect(datasets.dialog.getByTestId('histogram-temp_max')).toBeVisible();
    await expect(datasets.dialog.getByTestId('table-head').locator('tbody tr')).toHaveCount(10);
    // The preview was a dry run: nothing is imported before the confirm.
    expect((await app.api<{ name: string }[]>('datasets.list')).map((d) => d.name)).not.toContain('seattle-weather');
    await datasets.confirm();
    await expect(page.getByTestId('dataset-seattle-weather')).toBeVisible();

    await editor.loadTemplate('tabular-classifier');
    await train.chooseDataset('seattle-weather');
    await train.set('train-epochs', '3');
    await train.set('train-name', 'e2e-weather');
    await train.start();
    await expect(train.liveStatus()).toHaveText('completed', { timeout: 150_000 });
    const runs = await app.api<{ id: string; name: string }[]>('runs.list');
    const detail = await app.api<RunDetail>('runs.get', { runId: runs.find((r) => r.name === 'e2e-weather')!.id });
    expect(detail.run.dataset).toBe('seattle-weather');
    expect(detail.run.testErrorRate).toBeGreaterThan(0);
    expect(detail.run.testErrorRate).toBeLessThan(0.5);
  });

  test('cars.json: missing values shown, dropped on request, regression trains, charts and compares RMSE/MAE', async ({ app, editor, train, runs, compare, page }) => {
    const datasets = new DatasetsPage(page);
    await editor.open(app.url);
    await datasets.open();
    await datasets.previewImport([join(VEGA, 'cars.json')], { name: 'cars', target: 'Miles_per_Gallon' });
    await expect(datasets.dialog.getByTestId('import-error')).toContainText('cars.json, record 11, column 2 "Miles_per_Gallon": missing value');
    await datasets.dialog.getByTestId('import-drop-missing').check();
    await datasets.dialog.getByTestId('import-preview').click();
    await expect(datasets.dialog.getByTestId('dataset-facts')).toContainText('14 rows with missing values dropped');
    await expect(datasets.dialog.getByTestId('histogram-Origin')).toContainText('Japan');
    await datasets.confirm();

    await editor.loadTemplate('salary-regression-dropout');
    await train.chooseDataset('cars');
    await train.set('train-epochs', '5');
    await train.set('train-name', 'e2e-cars');
    await train.start();
    await expect(train.liveStatus()).toHaveText('completed', { timeout: 150_000 });
    // Live: the loss in MSE, and in place of accuracy the validation RMSE and MAE, one point each per epoch.
    const live = page.getByTestId('live-run');
    await expect(live.getByTestId('chart-loss')).toHaveAttribute('data-y-label', 'MSE (target units²)');
    await expect(live.getByTestId('chart-error')).toHaveAttribute('data-points', '10');
    await expect(live.getByTestId('chart-error')).toHaveAttribute('data-y-label', 'error (target units)');
    await expect(live.getByTestId('chart-acc')).toHaveCount(0);
    const list = await app.api<{ id: string; name: string }[]>('runs.list');
    const detail = await app.api<RunDetail>('runs.get', { runId: list.find((r) => r.name === 'e2e-cars')!.id });
    expect(detail.run.testRmse).toBeGreaterThan(0);
    expect(detail.run.testRmse).toBeLessThan(7.8);
    await runs.open();
    await expect(runs.row('e2e-cars').getByTestId('run-test-error')).toHaveText(/^RMSE \d+(\.\d+)?$/);

    // Compared with a shorter run of the same network: 5 + 2 epochs of RMSE and of MAE.
    const { runId } = await app.api<{ runId: string }>('runs.start', { spec: detail.spec, config: { ...detail.config, epochs: 2, seed: 2 }, dataset: detail.datasetRef, name: 'e2e-cars-2' });
    await expect.poll(async () => (await app.api<RunDetail>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');
    await expect(runs.row('e2e-cars-2')).toBeVisible();
    await runs.select('e2e-cars');
    await runs.select('e2e-cars-2');
    await runs.compareSelected();
    await expect(compare.view.getByTestId('compare-error')).toHaveAttribute('data-points', '14');
    await expect(compare.view.getByTestId('compare-acc')).toHaveCount(0);
    await expect(compare.view.getByTestId('final-metrics')).toContainText(/RMSE \d/);
  });

  test('a broken file shows an error naming the file and line, and nothing is imported', async ({ app, editor, page }) => {
    const datasets = new DatasetsPage(page);
    await editor.open(app.url);
    await datasets.open();
    await page.getByTestId('import-open').click();
    await datasets.dialog.getByTestId('import-files').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,y\n1,2,x\n3,4\n') });
    await datasets.dialog.getByTestId('import-preview').click();
    await expect(datasets.dialog.getByTestId('import-error')).toContainText('ragged.csv, line 3: ragged row: 2 fields');
    await expect(datasets.dialog.getByTestId('import-confirm')).toBeDisabled();
    expect((await app.api<{ builtIn: boolean }[]>('datasets.list')).filter((d) => !d.builtIn)).toEqual([]);
    // Escape closes the dialog, as every modal of the app does.
    await page.keyboard.press('Escape');
    await expect(datasets.dialog).toBeHidden();
  });
});
