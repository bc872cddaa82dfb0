import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { StudyPage } from './pages/study-page';

test('the dropout study, launched as a preset from the Plans tab, ends with a verdict card, the paper’s numbers and both arms’ weight tiles', async ({ app, page }) => {
  const study = new StudyPage(page);
  await page.goto(app.url);
  await study.open();
  await study.set('study-seeds', '2');
  await study.set('study-epochs', '1');
  await study.set('study-train-limit', '1000');
  await study.set('study-test-limit', '1000');
  await study.launch('mlp-dropout-784-800-800-10');

  await expect(study.runs).toHaveCount(4);
  await expect(study.status).toHaveAttribute('data-status', 'completed', { timeout: 170_000 });
  await expect(study.runsWithStatus('completed')).toHaveCount(4);

  await expect(study.verdict).toBeVisible();
  await expect(study.verdictText).toContainText(/over 2 seeds|2 paired seeds/);
  await expect(study.verdictText).toContainText('of 1,000');
  const templates = await app.api<{ id: string; reference?: { testErrors?: number; epochs?: number } }[]>('templates.list');
  const reference = templates.find((t) => t.id === 'mlp-dropout-784-800-800-10')!.reference!;
  await expect(page.getByTestId('plan-paper')).toContainText(`${reference.testErrors} of 10,000`);
  await expect(page.getByTestId('plan-paper')).toContainText(String(reference.epochs));

  for (const arm of ['a', 'b'] as const) {
    const tiles = study.tiles(arm);
    await expect(tiles).toBeVisible();
    await expect(tiles.locator('canvas')).toBeVisible();
    await expect(tiles).toHaveAttribute('data-tiles', '64');
  }
  await expect(page.getByTestId('plan-norm-histogram').locator('rect').first()).toBeVisible();
  await expect(page.getByTestId('plan-error-chart')).toHaveAttribute('data-lines', '4');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-report').click()]);
  expect(download.suggestedFilename()).toMatch(/^layerlab-study-mlp-dropout-784-800-800-10-[0-9a-f]{8}\.html$/);
  const html = await readFile(await download.path(), 'utf8');
  expect(html).toContain('<svg');
  expect(html).toMatch(/over 2 seeds|2 paired seeds/);

  // The study the UI started is the one the API reports.
  const studies = await app.api<{ id: string; status: string; verdict: string }[]>('studies.list');
  expect(studies).toHaveLength(1);
  await expect(study.verdictText).toHaveText(studies[0].verdict);
});
