import { test, expect, type ServedApp } from './fixtures';
import { spiralsNet } from './nets';

/** Issue 18 item 11 and issue 16 item 4: a sortable runs table (mouse and keyboard) and bulk delete with a confirmation, Undo, and running runs left alone. */

async function start(app: ServedApp, name: string, epochs: number, seed: number): Promise<string> {
  return (await app.api<{ runId: string }>('runs.start', { spec: spiralsNet, config: { epochs, seed }, dataset: { name: 'spirals' }, name })).runId;
}

const status = async (app: ServedApp, runId: string) => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status;

test('the runs table sorts by a clicked or keyed header and deletes the selected finished runs after a confirmation naming the count, with Undo', async ({ app, editor, runs, page }) => {
  const finished = [await start(app, 'bravo', 1, 2), await start(app, 'alpha', 1, 1), await start(app, 'charlie', 1, 3)];
  for (const runId of finished) await expect.poll(() => status(app, runId), { timeout: 150_000 }).toBe('completed');
  const running = await start(app, 'delta-running', 50_000, 4);
  await expect.poll(() => status(app, running), { timeout: 60_000 }).toBe('running');

  await editor.open(app.url);
  await runs.open();
  const names = () => runs.rows.getByTestId('run-open').allTextContents();
  await expect(runs.rows).toHaveCount(4);
  // Newest first by default.
  await expect.poll(names).toEqual(['delta-running', 'charlie', 'alpha', 'bravo']);

  await page.getByTestId('sort-name').click();
  await expect.poll(names).toEqual(['alpha', 'bravo', 'charlie', 'delta-running']);
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByTestId('sort-name').press('Enter');
  await expect.poll(names).toEqual(['delta-running', 'charlie', 'bravo', 'alpha']);
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  // Keyboard only: Tab from the Name header reaches Dataset's, then Test error's; Space sorts.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('sort-testError')).toBeFocused();
  await page.keyboard.press(' ');
  await expect(page.getByRole('columnheader', { name: /Test error/ })).toHaveAttribute('aria-sort', 'ascending');
  // The running run has no test error yet: it sorts last either way.
  await expect.poll(async () => (await names())[3]).toBe('delta-running');

  await page.getByTestId('select-page').check();
  await expect(page.getByTestId('runs-count')).toContainText('4 selected');
  await page.getByTestId('delete-selected').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Delete 3 runs');
  await expect(page.getByTestId('confirm-dialog')).toContainText('1 queued or running run stays');
  await page.getByTestId('confirm-cancel').click();
  await expect(runs.rows).toHaveCount(4);

  await page.getByTestId('delete-selected').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('delete-pending')).toContainText('Deleting 3 runs');
  await expect(runs.rows).toHaveCount(1);
  await page.getByTestId('delete-undo').click();
  await expect(runs.rows).toHaveCount(4);
  expect((await app.api<unknown[]>('runs.list')).length).toBe(4);

  await page.getByTestId('select-page').check();
  await page.getByTestId('delete-selected').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('delete-pending')).toBeHidden({ timeout: 15_000 });
  await expect(runs.rows).toHaveCount(1);
  await expect.poll(async () => (await app.api<{ id: string }[]>('runs.list')).map((run) => run.id)).toEqual([running]);
  expect(await status(app, running)).toBe('running');

  // A status change patches its row from the event's summary.
  await app.api('runs.stop', { runId: running });
  await expect(runs.row('delta-running').getByTestId('run-status')).toHaveText('stopped', { timeout: 60_000 });
});
