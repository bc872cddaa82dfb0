import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

/** Issue 18, item 9: the header names the real backend once the first trainer reports it, without a reload. */
test('the header shows the backend after the first run starts, without a reload', async ({ app, editor, page }) => {
  await editor.open(app.url);
  const header = page.getByTestId('header-backend');
  await expect(header).toContainText('backend: on first run');
  await app.api('runs.start', { spec: spiralsNet, config: { epochs: 1 }, dataset: { name: 'spirals' }, name: 'first' });
  await expect.poll(async () => (await app.api<{ backend: { name: string } | null }>('system.info')).backend, { timeout: 60_000 }).not.toBeNull();
  const { backend } = await app.api<{ backend: { name: string } }>('system.info');
  await expect(header).toContainText(backend.name);
  await expect(header).not.toContainText('on first run');
});
