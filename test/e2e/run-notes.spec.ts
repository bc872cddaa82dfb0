import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

test('tags and then a note typed straight away are both saved whole', async ({ app, editor, runs, page }) => {
  const { runId } = await app.api<{ runId: string }>('runs.start', { spec: spiralsNet, config: { epochs: 1, optimizer: { kind: 'adam' }, learningRate: 0.01 }, dataset: { name: 'spirals' }, name: 'notes-race' });
  await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');

  await editor.open(app.url);
  await runs.open();
  await runs.row('notes-race').getByTestId('run-open').click();
  await page.getByTestId('run-tags').fill('baseline, spirals');
  // Tab saves the tags; the note is typed at once, while that save and the refreshed list are on their way.
  await page.getByTestId('run-tags').press('Tab');
  await page.keyboard.type('dropout helps on spirals too', { delay: 40 });
  await expect(page.getByTestId('run-note')).toHaveValue('dropout helps on spirals too');
  await page.getByTestId('run-note').press('Tab');
  await expect.poll(async () => (await app.api<{ run: { tags: string[]; note: string } }>('runs.get', { runId })).run).toMatchObject({ tags: ['baseline', 'spirals'], note: 'dropout helps on spirals too' });
  await expect(page.getByTestId('run-tags')).toHaveValue('baseline, spirals');
});
