import { test, expect } from './fixtures';
const net = { format: 1, name: 'spirals-small', nodes: [ { id: 'input', kind: 'input', params: { shape: [2] } }, { id: 'fc1', kind: 'dense', params: { units: 16, activation: 'tanh' } }, { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } } ], edges: [ { from: 'input', to: 'fc1' }, { from: 'fc1', to: 'out' } ] };
test('peek', async ({ app, editor, runs, page }) => {
  const ids = [];
  for (const seed of [1, 2]) ids.push((await app.api<any>('runs.start', { spec: net, config: { epochs: 3, optimizer: { kind: 'adam' }, learningRate: 0.01, seed }, dataset: { name: 'spirals' }, name: `spiral s${seed}`, tags: ['peek'] })).runId);
  for (const runId of ids) await expect.poll(async () => (await app.api<any>('runs.get', { runId })).run.status, { timeout: 120000 }).toBe('completed');
  await editor.open(app.url);
  await runs.open();
  await page.screenshot({ path: '/tmp/peek-runs.png' });
  await runs.row('spiral s1').getByTestId('run-open').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/peek-detail.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await runs.open();
  await runs.select('spiral s1'); await runs.select('spiral s2'); await runs.compareSelected();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/peek-compare-dark.png' });
});
