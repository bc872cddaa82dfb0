import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { DatasetsPage } from './pages/datasets-page';

/** Issue 18, item 11: what a researcher learns about the data before and after a run. */

test('the built-in MNIST preview shows labelled sample digits and class bars with their counts', async ({ app, editor, page }) => {
  const datasets = new DatasetsPage(page);
  await editor.open(app.url);
  await datasets.open();
  await page.getByTestId('dataset-mnist').click();
  const preview = page.getByTestId('dataset-preview');
  await expect(preview.getByTestId('image-grid').locator('canvas')).toHaveCount(32);
  // The first digit is drawn, not blank: some pixels are bright.
  const brightest = await preview.getByTestId('image-grid').locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => Math.max(...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.filter((_, i) => i % 4 === 0)));
  expect(brightest).toBeGreaterThan(200);
  const counts = (await preview.getByTestId('class-balance').getByTestId('bar-counts').locator('span').allTextContents()).map((text) => Number(text.replace(/,/g, '')));
  expect(counts).toHaveLength(10);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(60_000);
  expect(counts[1]).toBe(6742);
});

test('the run page shows the majority-class baseline beside the test error', async ({ app, editor, runs, page }) => {
  const { runId } = await app.api<{ runId: string }>('runs.start', {
    spec: { format: 1, name: 'tiny', nodes: [{ id: 'input', kind: 'input', params: { shape: [28, 28, 1] } }, { id: 'flatten', kind: 'flatten', params: {} }, { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } }], edges: [{ from: 'input', to: 'flatten' }, { from: 'flatten', to: 'out' }] },
    config: { epochs: 1, batchSize: 50 },
    dataset: { name: 'mnist', trainLimit: 600, testLimit: 500 },
    name: 'baseline-run',
  });
  await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');
  const expected = await app.api<{ majorityClass: string; testErrors: number; testCount: number }>('datasets.baseline', { dataset: { name: 'mnist', trainLimit: 600, testLimit: 500 } });
  expect(expected.testCount).toBe(500);
  await editor.open(app.url);
  await runs.open();
  await runs.row('baseline-run').getByTestId('run-open').click();
  const baseline = page.getByTestId('run-baseline');
  await expect(baseline).toContainText(`${expected.testErrors} / 500`);
  await expect(baseline).toContainText(`always “${expected.majorityClass}”`);
});

test('a table column the import left out can be made categorical, and back; templates send you to the Datasets tab', async ({ app, editor, page }) => {
  // 24 readings from 13 stations: more distinct values than half the rows, so the import takes "station" for an identifier.
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-roles-'));
  const file = join(dir, 'stations.csv');
  const rows = Array.from({ length: 24 }, (_, i) => `s${i % 13},${(i * 1.7) % 9},${i % 3 === 0 ? 'wet' : 'dry'}`);
  writeFileSync(file, ['station,rain,label', ...rows].join('\n'));

  const datasets = new DatasetsPage(page);
  await editor.open(app.url);
  await datasets.open();
  await datasets.previewImport([file], { target: 'label' });
  const role = datasets.dialog.getByTestId('import-role-station');
  await expect(role).toHaveValue('ignored');
  await role.selectOption('categorical');
  await expect(datasets.dialog.getByTestId('dataset-facts')).toContainText('input [14]');
  await expect(role).toHaveValue('categorical');
  await datasets.dialog.getByTestId('import-role-rain').selectOption('ignored');
  await expect(datasets.dialog.getByTestId('dataset-facts')).toContainText('input [13]');
  await datasets.dialog.getByTestId('import-role-auto-rain').click();
  await expect(datasets.dialog.getByTestId('dataset-facts')).toContainText('input [14]');
  await datasets.confirm();
  const stored = await app.api<{ table: { columns: { name: string; kind: string }[] } }>('datasets.preview', { name: 'stations' });
  expect(stored.table.columns.map((c) => [c.name, c.kind])).toEqual([['station', 'categorical'], ['rain', 'numeric'], ['label', 'target']]);

  await page.getByTestId('templates-button').click();
  await expect(page.getByTestId('template-tabular-classifier')).toContainText('on the Datasets tab');
  await expect(page.getByTestId('template-salary-regression-dropout')).toContainText('on the Datasets tab');
});
