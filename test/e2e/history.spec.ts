import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

test('history: tags, search, train again from a run, and delete with confirmation', async ({ app, editor, runs, page }) => {
  const { runId } = await app.api<{ runId: string }>('runs.start', { spec: spiralsNet, config: { epochs: 1, optimizer: { kind: 'adam' }, learningRate: 0.01, seed: 7 }, dataset: { name: 'spirals' }, name: 'spiral-history' });
  await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');

  await editor.open(app.url);
  await runs.open();
  await runs.row('spiral-history').getByTestId('run-open').click();
  await expect(page.getByTestId('run-detail')).toBeVisible();
  // The stored network, read-only: a drag on it does not move it.
  const network = page.getByTestId('run-network');
  await expect(network.getByTestId('node-shape-fc1')).toHaveText('16');
  const offset = async () => {
    const [a, b] = await Promise.all([network.getByTestId('node-fc1').boundingBox(), network.getByTestId('node-input').boundingBox()]);
    return Math.round(a!.x - b!.x);
  };
  const before = await network.getByTestId('node-fc1').boundingBox();
  const offsetBefore = await offset();
  await page.mouse.move(before!.x + 20, before!.y + 10);
  await page.mouse.down();
  await page.mouse.move(before!.x + 200, before!.y + 10, { steps: 10 });
  await page.mouse.up();
  expect(await offset()).toBe(offsetBefore);

  await page.getByTestId('run-tags').fill('baseline, spirals');
  await page.getByTestId('run-tags').press('Tab');
  await expect.poll(async () => (await app.api<{ run: { tags: string[] } }>('runs.get', { runId })).run.tags).toEqual(['baseline', 'spirals']);

  await page.getByTestId('train-again').click();
  await expect(page.getByTestId('editor-view')).toBeVisible();
  await expect(editor.shape('fc1')).toHaveText('16');
  await expect(page.getByTestId('train-seed')).toHaveValue('7');
  await expect(page.getByTestId('train-epochs')).toHaveValue('1');

  await runs.open();
  await page.getByTestId('runs-search').fill('baseline');
  await expect(runs.rows).toHaveCount(1);
  await page.getByTestId('runs-search').fill('no-such-tag');
  await expect(runs.rows).toHaveCount(0);
  await page.getByTestId('runs-search').fill('');

  await runs.row('spiral-history').getByTestId('run-open').click();
  await page.getByTestId('delete-run').click();
  await page.getByTestId('delete-run-confirm').click();
  await expect(page.getByTestId('runs-view')).toBeVisible();
  await expect(runs.rows).toHaveCount(0);
  expect(await app.api<unknown[]>('runs.list')).toEqual([]);
});
