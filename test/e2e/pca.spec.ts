import { test, expect, type ServedApp } from './fixtures';
import { ArtifactsPage } from './pages/artifacts-page';

interface Template {
  id: string;
  spec: unknown;
  config: Record<string, unknown>;
}

/** A PCA-30 run of the template's network on a subset, started through the API, awaited until completed. */
async function trainPca(app: ServedApp, name: string, params: Record<string, unknown>): Promise<string> {
  const template = (await app.api<Template[]>('templates.list')).find((candidate) => candidate.id === 'pca-30-mnist')!;
  const { runId } = await app.api<{ runId: string }>('runs.start', { spec: template.spec, config: template.config, dataset: { name: 'mnist', trainLimit: 5000, testLimit: 1000 }, procedure: { kind: 'pca', params }, name });
  await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');
  return runId;
}

test.describe('PCA procedure', () => {
  test('PCA-30 on MNIST trains from its template and its run view shows stages, the published figure, reconstructions and the code scatter', async ({ app, editor, train, runs, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('pca-30-mnist');
    // The template's procedure is selected, with its params as fields.
    await expect(page.getByTestId('train-procedure')).toHaveValue('pca');
    await expect(page.getByTestId('procedure-reconstructionImages')).toHaveValue('12');
    await expect(page.getByTestId('procedure-scatterPoints')).toHaveValue('2000');
    // Full MNIST: the solve takes ~15 s on 2 cores, and the published figure holds for the full training set only.
    await train.set('train-name', 'pca-e2e');
    await train.start();
    await expect(train.liveStatus()).toHaveText('completed', { timeout: 150_000 });

    // The live panel charts no loss for a run of solves (its stages said so); it links to the run's results.
    const live = page.getByTestId('live-run');
    await expect(live.getByTestId('open-run-results')).toBeVisible();
    await expect(live.getByTestId('chart-loss')).toBeHidden();
    await runs.open();
    await expect(runs.row('pca-e2e').getByTestId('run-status')).toHaveText('completed');
    await page.getByTestId('tab-editor').click();
    await live.getByTestId('open-run-results').click();
    const view = new ArtifactsPage(page);
    await expect(view.detail).toBeVisible();
    await expect(view.detail.getByTestId('run-procedure')).toContainText('PCA');

    // Two stages, both completed.
    await expect(view.stages).toHaveCount(2);
    await expect(view.stages.nth(0)).toHaveAttribute('data-status', 'completed');
    await expect(view.stages.nth(1)).toHaveAttribute('data-status', 'completed');
    await expect(view.stages.nth(0)).toContainText('Solving for the components');

    // The test reconstruction error beside the paper's 13.87, honest about epochs.
    await expect(view.reference).toContainText('paper: 13.87 — yours: ');
    await expect(view.reference).toContainText('after 1 epoch');
    const yours = Number(/yours: ([\d.]+)/.exec((await view.reference.textContent()) ?? '')?.[1]);
    expect(Math.abs(yours - 13.87)).toBeLessThan(0.1);

    // Reconstructions: 2 labelled rows of 12 images, and a colour scale with its range.
    const grid = view.artifact('reconstructions');
    await expect(grid).toHaveAttribute('data-kind', 'image-grid');
    const rows = grid.getByTestId('grid-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.getByTestId('grid-row-label')).toHaveText(['original', 'PCA-30']);
    await expect(rows.nth(0).getByTestId('grid-image')).toHaveCount(12);
    await expect(rows.nth(1).getByTestId('grid-image')).toHaveCount(12);
    await expect(grid.getByTestId('color-scale-min')).toHaveText('0');
    await expect(grid.getByTestId('color-scale-max')).toHaveText('1');

    // The code scatter: points of 10 classes, a legend naming them, values on hover.
    const scatter = view.artifact('codes').getByTestId('scatter');
    await expect(scatter).toHaveAttribute('data-classes', '10');
    await expect(scatter.locator('g.points')).toHaveCount(10);
    expect(Number(await scatter.getAttribute('data-points'))).toBeGreaterThan(1000);
    await expect(scatter.locator('.legend-entry')).toHaveText(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await expect(scatter.locator('.tick-x').first()).toBeVisible();
    await scatter.locator('g.points[data-class="3"] circle').first().hover({ force: true });
    await expect(scatter.getByTestId('scatter-tip')).toContainText('component 1:');

    // Downloads: the grid's data as CSV (one row per image), its drawing as PNG and SVG.
    const csv = await view.download(grid, 'csv');
    expect(csv.name).toBe('pca-e2e-reconstructions.csv');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0].startsWith('row,image,label,p0,p1,')).toBe(true);
    expect(lines[0].split(',')).toHaveLength(3 + 784);
    expect(lines).toHaveLength(1 + 24);
    expect(lines[1].startsWith('original,0,')).toBe(true);
    const png = await view.download(grid, 'png');
    expect(png.name).toBe('pca-e2e-reconstructions.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await view.download(view.artifact('codes'), 'svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.bytes.toString('utf8')).toContain('Test examples on the first two principal components');
  });

  test('Compare puts the artifacts of the same name side by side', async ({ app, editor, runs, page }) => {
    await Promise.all([trainPca(app, 'pca-12', { reconstructionImages: 12 }), trainPca(app, 'pca-6', { reconstructionImages: 6 })]);
    await editor.open(app.url);
    await runs.open();
    await runs.select('pca-12');
    await runs.select('pca-6');
    await runs.compareSelected();

    const section = page.getByTestId('compare-artifacts');
    const grids = section.locator('[data-testid="compare-artifact-row"][data-name="reconstructions"]').getByTestId('image-grid');
    await expect(grids).toHaveCount(2);
    // Each run's own grid: 12 and 6 originals above their reconstructions.
    const imagesPerRow = async (index: number) => grids.nth(index).getByTestId('grid-row').first().getByTestId('grid-image').count();
    expect([await imagesPerRow(0), await imagesPerRow(1)].sort((a, b) => a - b)).toEqual([6, 12]);
    await expect(section.locator('[data-testid="compare-artifact-row"][data-name="codes"]').getByTestId('scatter')).toHaveCount(2);
  });
});
