import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';

/** Issue 16 item 4: a long curve reaches the chart min–max downsampled, and a drag zoom fetches its range in full resolution. */
const history = join(mkdtempSync(join(tmpdir(), 'layerlab-long-curve-')), 'data');
test.use({ history });
test.beforeAll(() => {
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/long-curve-history.ts', history], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`writing the long-curve history failed: ${made.stderr}`);
});

test('a run with a 20,000-point curve is charted downsampled; dragging a range fetches it in full, a double-click goes back', async ({ app, editor, runs, page }) => {
  await editor.open(app.url);
  await runs.open();
  await runs.row('long-curve').getByTestId('run-open').click();
  const chart = page.getByTestId('run-detail').getByTestId('chart-loss');
  const points = async () => Number(await chart.getAttribute('data-points'));
  await expect.poll(points).toBeGreaterThan(100);
  const whole = await points();
  expect(whole).toBeLessThan(20_000);

  const zoomRequest = page.waitForRequest((request) => request.url().endsWith('/api/runs.curves') && (request.postData() ?? '').includes('fromStep'));
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.63, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const { fromStep, toStep } = JSON.parse((await zoomRequest).postData()!) as { fromStep: number; toStep: number };
  expect(toStep - fromStep).toBeGreaterThan(100);
  // Every stored step loss of the range (and one either side), not a sample of them.
  // Polled together: the whole curve alone already has more points than the range, so a check of the count alone
  // could pass before the zoomed fetch has drawn.
  const rangeDrawn = async () => {
    const n = await points();
    return n !== whole && n >= toStep - fromStep + 1;
  };
  await expect.poll(rangeDrawn).toBe(true);
  expect(await points()).toBeLessThan(whole);

  await chart.locator('.u-over').dblclick();
  await expect.poll(points).toBe(whole);
});
