import { test, expect } from './fixtures';

interface CommitteeDetail {
  plan: { status: string };
  committee: {
    members: { slot: string; testErrors: number }[];
    committee: { testErrors: number; members: number };
    groups: { group: string; testErrors: number }[];
    errors: { index: number; label: number; predicted: number }[];
    bestMember: { slot: string; testErrors: number };
  };
}

/** A tiny CNN column (conv 4×5×5 → pool 2 → 10 softmax): seconds per run on 600 MNIST digits. */
function tinyColumn() {
  const nodes = [
    { id: 'input', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'conv', kind: 'conv2d', params: { filters: 4, kernelSize: 5, stride: 1, padding: 'valid', activation: 'relu' } },
    { id: 'pool', kind: 'maxpool2d', params: { poolSize: 2 } },
    { id: 'flatten', kind: 'flatten', params: {} },
    { id: 'out', kind: 'dense', params: { units: 10, activation: 'linear' } },
    { id: 'softmax', kind: 'activation', params: { fn: 'softmax' } },
  ].map((node, i) => ({ ...node, position: { x: 0, y: 90 * i } }));
  return {
    id: 'tiny-column',
    name: 'Tiny column',
    description: 'e2e template',
    spec: { format: 1, name: 'Tiny column', nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) },
    config: { optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05, batchSize: 50, epochs: 1, validationSplit: 0 },
    dataset: { name: 'mnist' },
  };
}

test('a committee plan (2 columns × original and width 14 px) shows every member against the committee, the committee row marked, and the committee\u2019s errors as images with true and predicted labels', async ({ app, page }) => {
  const plan = { kind: 'committee', columns: 2, preprocessings: [{}, { widthNorm: 14 }], epochs: 1, trainLimit: 600, testLimit: 200 };
  const { planId } = await app.api<{ planId: string }>('plans.start', { template: tinyColumn(), plan });
  await expect.poll(async () => (await app.api<CommitteeDetail>('plans.get', { planId })).plan.status, { timeout: 150_000 }).toBe('completed');
  const { committee } = await app.api<CommitteeDetail>('plans.get', { planId });
  expect(committee.committee.members).toBe(4);
  expect(committee.errors.length).toBeGreaterThan(0);

  await page.goto(app.url);
  await page.getByTestId('tab-plans').click();
  await expect(page.getByTestId('plan-kind')).toHaveAttribute('data-kind', 'committee');

  // The launch form counts preprocessings × columns (asked of plans.preview) and refuses a bad width beside its field.
  await page.getByTestId('plan-launch-committee').click();
  await page.getByTestId('committee-source').selectOption('lenet5');
  await page.getByTestId('committee-columns').fill('2');
  await page.getByTestId('committee-columns').press('Tab');
  await page.getByTestId('committee-widths').fill('10, 12');
  await expect(page.getByTestId('committee-start')).toHaveText('Run committee (6 runs)');
  await page.getByTestId('committee-widths').fill('10, 12.5');
  await page.getByTestId('committee-start').click();
  await expect(page.getByTestId('committee-widths-error')).toContainText('"12.5" is not a whole number of pixels');
  const table = page.getByTestId('committee-table');
  // The table is drawn at its height, not squeezed to nothing by the detail's column layout.
  const tableHeight = (await table.boundingBox())!.height;
  expect((await table.locator('..').boundingBox())!.height).toBeGreaterThanOrEqual(tableHeight - 1);
  await expect(table.locator('[data-testid="committee-row"][data-kind="member"]')).toHaveCount(4);
  await expect(table.locator('[data-testid="committee-row"][data-kind="group"]')).toHaveCount(2);
  const committeeRow = table.locator('[data-testid="committee-row"][data-kind="committee"]');
  await expect(committeeRow).toHaveCount(1);
  await expect(committeeRow.getByTestId('committee-badge')).toHaveText('committee');
  await expect(committeeRow.locator('td[data-key="errors"]')).toHaveText(String(committee.committee.testErrors));
  for (const member of committee.members) {
    await expect(table.locator(`[data-testid="committee-row"][data-slot="${member.slot}"] td[data-key="errors"]`)).toHaveText(String(member.testErrors));
  }
  await expect(table.locator(`[data-testid="committee-row"][data-best="true"]`)).toHaveAttribute('data-slot', committee.bestMember.slot);
  await expect(page.getByTestId('committee-errors-count')).toHaveText(String(committee.committee.testErrors));
  await expect(page.getByTestId('committee-summary')).toContainText(`best member ${committee.bestMember.testErrors}`);

  // The published committee beside this one, and the committee's errors against its size.
  await expect(page.getByTestId('committee-published')).toContainText('23 test errors (0.23%)');
  await expect(page.getByTestId('committee-published')).toContainText('yours: 4 columns after 1 epoch each');
  const sizeCurve = page.getByTestId('committee-size-curve');
  await expect(sizeCurve).toHaveAttribute('data-kind', 'curve');
  await expect(sizeCurve).toHaveAttribute('data-title', 'Test errors against committee size');

  const errors = page.getByTestId('committee-error-images');
  await expect(errors).toHaveAttribute('data-kind', 'image-grid');
  await expect(errors).toHaveAttribute('data-title', `The committee's ${committee.errors.length} test error${committee.errors.length === 1 ? '' : 's'}`);
  await expect(errors.getByTestId('grid-image')).toHaveCount(Math.min(committee.errors.length, 200));
  const first = committee.errors[0];
  await expect(errors.locator('.image-label').first()).toHaveText(`${first.label}→${first.predicted}`);
  // The images are drawn: the first canvas has ink (not all one colour).
  const distinct = await errors.getByTestId('grid-image').first().evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[i * 4])).size;
  });
  expect(distinct).toBeGreaterThan(1);
});
