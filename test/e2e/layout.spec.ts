import { test, expect, type ServedApp } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import { spiralsNet } from './nets';

/** Issue 18, item 5: tables that fit or scroll visibly, nothing hidden under the Train panel, readable settings, a searchable run picker. */

const mnistMlp = {
  format: 1,
  name: 'mlp-784-16-10',
  nodes: [
    { id: 'input', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'flatten', kind: 'flatten', params: {} },
    { id: 'fc1', kind: 'dense', params: { units: 16, activation: 'relu' } },
    { id: 'fc2', kind: 'dense', params: { units: 10, activation: 'softmax' } },
  ],
  edges: [
    { from: 'input', to: 'flatten' },
    { from: 'flatten', to: 'fc1' },
    { from: 'fc1', to: 'fc2' },
  ],
};

async function finish(app: ServedApp, runIds: string[]): Promise<void> {
  for (const runId of runIds) await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 150_000 }).toBe('completed');
}

async function start(app: ServedApp, params: Record<string, unknown>): Promise<string> {
  return (await app.api<{ runId: string }>('runs.start', params)).runId;
}

/** The element's box lies inside the window and the element is what the window shows at its centre (nothing on top). */
async function expectUncovered(page: Page, locator: Locator): Promise<void> {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x, `${locator} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${locator} ends inside the window`).toBeLessThanOrEqual(viewport.width + 0.5);
  const onTop = await locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return Boolean(hit && (element === hit || element.contains(hit)));
  });
  expect(onTop, `${locator} is not covered`).toBe(true);
}

/**
 * A table either fits in the window or sits in a box of its own that scrolls sideways and itself fits: not the
 * whole view (`viewTestId`) sliding sideways with everything else in it.
 */
async function expectFitsOrScrolls(page: Page, table: Locator, viewTestId: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const fit = await table.evaluate(
    (element, { width, viewTestId }) => {
      const view = document.querySelector(`[data-testid="${viewTestId}"]`);
      const right = element.getBoundingClientRect().right;
      if (right <= width + 0.5) return { ok: true, why: 'fits' };
      for (let box = element.parentElement; box && box !== view; box = box.parentElement) {
        const style = getComputedStyle(box);
        if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && box.scrollWidth > box.clientWidth) {
          return { ok: box.getBoundingClientRect().right <= width + 0.5, why: `scrolls in its own box ${box.tagName.toLowerCase()}.${box.className}` };
        }
      }
      return { ok: false, why: `runs to ${Math.round(right)} px in a ${width} px window` };
    },
    { width: viewport.width, viewTestId },
  );
  expect(fit.ok, fit.why).toBe(true);
}

test('at 1024×700 the totals and the issue badge sit beside the Train panel, not under it', async ({ app, editor, page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await editor.open(app.url);
  await editor.loadTemplate('mlp-dropout-784-800-800-10');
  await expectUncovered(page, page.getByTestId('total-params'));
  await expectUncovered(page, page.getByTestId('total-flops'));
  await expectUncovered(page, page.getByTestId('spec-status'));
  await editor.deleteEdgeBetween('fc1', 'drop1');
  await expect(page.getByTestId('spec-status')).toContainText('issue');
  await expectUncovered(page, page.getByTestId('spec-status'));
});

test('Compare at 1440 and 1024 px: tables fit or scroll, settings by name, train and validation in their own shades, tiles with a scale, a searchable picker', async ({ app, editor, runs, compare, page }) => {
  const longName = (label: string) => `${label}: a rather long run name the way people name things`;
  const mnist = (name: string, config: Record<string, unknown>) => start(app, { spec: mnistMlp, config: { epochs: 1, batchSize: 50, ...config }, dataset: { name: 'mnist', trainLimit: 600, testLimit: 500 }, name });
  const a = await mnist(longName('max-norm off'), { seed: 1 });
  const b = await mnist(longName('max-norm 3'), { seed: 2, maxNorm: { limit: 3 }, learningRate: 0.1 });
  const c = await mnist(longName('adam'), { seed: 3, optimizer: { kind: 'adam' }, learningRate: 0.003 });
  const spirals = [];
  for (let i = 0; i < 8; i++) spirals.push(await start(app, { spec: spiralsNet, config: { epochs: 1, seed: i + 1 }, dataset: { name: 'spirals' }, name: `spirals seed ${i + 1}` }));
  await finish(app, [a, b, c, ...spirals]);
  await app.api('runs.update', { runId: a, tags: ['baseline', 'no-max-norm', 'mnist-subset'] });

  await editor.open(app.url);
  await runs.open();
  await runs.select(longName('max-norm off'));
  await runs.select(longName('max-norm 3'));
  await runs.select(longName('adam'));
  await runs.compareSelected();
  await expect(compare.tiles).toHaveCount(3);

  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 700 });
    await expectFitsOrScrolls(page, page.getByTestId('final-metrics'), 'compare-view');
    await expectFitsOrScrolls(page, page.getByTestId('diff-table'), 'compare-view');
  }

  // Settings by their names; max-norm off against a limit is one row.
  await expect(compare.diffRow('config.maxNorm').getByTestId('diff-name')).toHaveText('Max-norm');
  await expect(compare.diffRow('config.maxNorm')).toContainText('off');
  await expect(compare.diffRow('config.maxNorm')).toContainText('limit 3');
  await expect(compare.diffRow('config.maxNorm')).not.toContainText('null');
  await expect(compare.diffRow('config.seed').getByTestId('diff-name')).toHaveText('Seed');
  await expect(compare.diffRow('config.learningRate').getByTestId('diff-name')).toHaveText('Learning rate');
  await expect(compare.diffRow('config.optimizer.kind')).toContainText('adam');
  await expect(compare.diffRow('config.optimizer.kind')).not.toContainText('"');

  // One run's training and validation curves: same hue, different colours in the chart's readout swatches.
  const swatches = await page.getByTestId('compare-loss').getByTestId('chart-readout').locator('svg line').evaluateAll((lines) => lines.map((line) => line.getAttribute('stroke')));
  expect(swatches.length).toBeGreaterThanOrEqual(6);
  expect(new Set(swatches).size).toBe(swatches.length);

  // Weight tiles say what their greys mean.
  for (const tiles of await compare.tiles.all()) await expect(tiles.getByTestId('weight-scale')).toContainText('max |w|');

  // The run picker: chips only for the runs compared, the rest found by typing.
  await expect(page.getByTestId('compare-chosen')).toHaveCount(3);
  await expect(page.getByTestId('compare-pick')).toHaveCount(0);
  const search = page.getByTestId('compare-search');
  await search.fill('seed 7');
  await expect(page.getByTestId('compare-pick')).toHaveCount(1);
  await page.getByTestId('compare-pick').check();
  await search.fill('no-max-norm');
  await expect(page.getByTestId('compare-pick')).toHaveCount(1);
  await expect(page.getByTestId('compare-pick')).toBeChecked();
  await page.getByTestId('compare-go').click();
  await expect(page.getByTestId('compare-chosen')).toHaveCount(4);
  await expect(compare.tiles).toHaveCount(4);
});

test('at 1024×700 the runs table shows every column, Tags included', async ({ app, editor, runs, page }) => {
  const runId = await start(app, { spec: spiralsNet, config: { epochs: 1 }, dataset: { name: 'spirals' }, name: 'tagged' });
  await finish(app, [runId]);
  await app.api('runs.update', { runId, tags: ['baseline', 'spirals'] });
  await page.setViewportSize({ width: 1024, height: 700 });
  await editor.open(app.url);
  await runs.open();
  await expect(runs.row('tagged')).toContainText('baseline');
  await expectFitsOrScrolls(page, page.getByTestId('runs-view').locator('table'), 'runs-view');
  const tags = runs.row('tagged').locator('td').last();
  await tags.scrollIntoViewIfNeeded();
  await expectUncovered(page, tags);
});
