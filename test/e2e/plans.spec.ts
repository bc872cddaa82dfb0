import { test, expect } from './fixtures';
import { PlansPage } from './pages/plans-page';

const number = (text: string) => Number(text.replace(/[%,]/g, ''));

test('a paired ablation of max-norm (0.5 vs off) over 3 seeds, launched from the Plans tab, ends with a verdict; adding a seed reuses the runs done', async ({ app, page }) => {
  const plans = new PlansPage(page);
  await page.goto(app.url);
  await plans.open('ablation');
  await page.getByTestId('ablation-source').selectOption('spirals-mlp');
  await plans.pickSetting(page.getByTestId('ablation-setting'), 'config.maxNorm');
  await expect(page.getByTestId('ablation-setting')).toContainText('Max-norm (config.maxNorm)');

  // Bad values are refused beside their fields, and nothing starts.
  await plans.fill('ablation-a', '{limit: 2}');
  await plans.fill('ablation-b', 'off');
  await page.getByTestId('ablation-start').click();
  await expect(page.getByTestId('ablation-a-error')).toContainText('is not JSON');
  await plans.fill('ablation-a', 'off');
  await expect(page.getByTestId('ablation-same-error')).toContainText('the same value');
  await expect(page.getByTestId('plan-item')).toHaveCount(0);

  await plans.fill('ablation-a', '0.5');
  await plans.fill('ablation-a-label', 'max-norm 0.5');
  await plans.fill('ablation-b-label', 'no max-norm');
  await plans.fill('ablation-seeds', '3');
  await plans.fill('ablation-epochs', '2');
  await plans.fill('ablation-train-limit', '400');
  await plans.fill('ablation-test-limit', '400');
  await expect(page.getByTestId('ablation-start')).toHaveText('Run ablation (6 runs)');
  await page.getByTestId('ablation-start').click();

  await expect(page.getByTestId('plan-kind')).toHaveAttribute('data-kind', 'ablation');
  await expect(plans.runs).toHaveCount(6);
  await expect(page.getByTestId('plan-progress')).toHaveAttribute('data-total', '6');
  await expect(plans.status).toHaveAttribute('data-status', 'completed', { timeout: 170_000 });
  await expect(page.locator('[data-testid="plan-run"][data-status="completed"]')).toHaveCount(6);
  await expect(page.getByTestId('plan-progress-text')).toContainText('6 of 6 runs done');

  // The verdict names the arms by their labels and says which test drives it and why McNemar may differ.
  await expect(plans.verdictText).toContainText('max-norm 0.5');
  await expect(plans.verdictText).toContainText('no max-norm');
  await expect(plans.verdictText).toContainText(/\b3 (paired )?seeds\b/);
  await expect(page.getByTestId('plan-verdict-basis')).toContainText('paired t-test over the 3 seeds');
  await expect(page.getByTestId('plan-mcnemar-note')).toContainText('McNemar');
  await expect(page.getByTestId('plan-mcnemar-note')).toContainText('seed-to-seed variance');
  await expect(page.getByTestId('plan-arm-a')).toContainText('A: max-norm 0.5');
  await expect(page.getByTestId('plan-arm-b')).toContainText('B: no max-norm');
  // Per-seed test errors are whole counts, three of them.
  await expect(page.getByTestId('plan-arm-a').locator('td.num')).toHaveText(/^\d+, \d+, \d+$/);
  await expect(page.getByTestId('plan-mcnemar')).toHaveText(/only max-norm 0.5 right on \d+, only no max-norm right on \d+ test examples over 3 seeds/);
  await expect(page.getByTestId('plan-loss-chart')).toHaveAttribute('data-lines', '4');

  // The list's headline is the verdict on screen.
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await expect(page.getByTestId('plan-item')).toContainText(await plans.verdictText.innerText());

  // One more seed: the same plan, the six runs done are reused, two new ones train.
  await plans.fill('ablation-seeds', '4');
  await expect(page.getByTestId('ablation-start')).toHaveText('Run ablation (8 runs, 6 reused)');
  await page.getByTestId('ablation-start').click();
  await expect(page.getByTestId('plan-reused')).toContainText('6 runs reused');
  await expect(plans.runs).toHaveCount(8);
  await expect(plans.status).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
  await expect(page.getByTestId('plan-item')).toHaveCount(1);
  await expect(plans.verdictText).toContainText(/\b4 (paired )?seeds\b/);
});

test('a sweep of the editor network (2 × 2 grid over learning rate × hidden units plus 4 random trials) shows the table and the parallel-coordinates plot with the best run in both; sorting reorders the table', async ({ app, page, editor }) => {
  const plans = new PlansPage(page);
  await editor.open(app.url);
  await editor.loadTemplate('spirals-mlp');
  await plans.open('sweep');
  await expect(page.getByTestId('sweep-source')).toHaveValue('editor');

  await page.getByTestId('sweep-start').click();
  await expect(page.getByTestId('sweep-plan-error')).toContainText('add a grid setting or some random trials');

  await plans.addGrid('config.learningRate', '0.003, 0.03');
  await plans.addGrid('node.fc1.units', '8, 32');
  await plans.fill('sweep-trials', '4');
  await plans.addRange('config.learningRate', 'log-uniform', '0', '0.1');
  await expect(page.getByTestId('sweep-space-min-error')).toContainText('expected above 0');
  await plans.fill(page.getByTestId('sweep-space-min').last(), '0.001');
  await plans.addRange('node.fc1.units', 'int', '4', '64');
  await plans.fill('sweep-seeds', '1');
  await plans.fill('sweep-epochs', '2');
  await plans.fill('sweep-train-limit', '400');
  await plans.fill('sweep-test-limit', '400');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await expect(page.getByTestId('sweep-start')).toHaveText('Run sweep (8 runs)');
  await page.getByTestId('sweep-start').click();

  await expect(page.getByTestId('plan-kind')).toHaveAttribute('data-kind', 'sweep');
  await expect(plans.rows).toHaveCount(8);
  await expect(plans.status).toHaveAttribute('data-status', 'completed', { timeout: 170_000 });
  await expect(page.locator('[data-testid="sweep-row"][data-status="completed"]')).toHaveCount(8);

  // One polyline per run; three axes (learning rate on a log scale, units, the objective) with values at their ticks.
  await expect(plans.lines).toHaveCount(8);
  await expect(page.getByTestId('pc-axis')).toHaveCount(3);
  await expect(page.locator('[data-testid="pc-axis"][data-key="config.learningRate"]')).toHaveAttribute('data-scale', 'log');
  await expect(page.locator('[data-testid="pc-axis"][data-key="node.fc1.units"]')).toHaveAttribute('data-scale', 'linear');
  await expect(page.locator('[data-testid="pc-axis"][data-key="node.fc1.units"] [data-testid="pc-tick"]').first()).toHaveText(/^\d+$/);

  // The same run is the best in the table and the plot, and it has the lowest objective.
  const bestRow = page.locator('[data-testid="sweep-row"][data-best="true"]');
  const bestLine = page.locator('[data-testid="pc-line"][data-best="true"]');
  await expect(bestRow).toHaveCount(1);
  await expect(bestLine).toHaveCount(1);
  expect(await bestLine.getAttribute('data-slot')).toBe(await bestRow.getAttribute('data-slot'));
  const objectives = (await plans.column('objective')).map(number);
  expect(objectives).toHaveLength(8);
  expect(number(await bestRow.locator('td[data-key="objective"]').innerText())).toBe(Math.min(...objectives));

  // Sorting by a column header: units ascending, then descending on a second click.
  const before = await plans.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-slot')));
  await plans.sortBy('setting:node.fc1.units');
  const ascending = (await plans.column('setting:node.fc1.units')).map(number);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await plans.sortBy('setting:node.fc1.units');
  const descending = (await plans.column('setting:node.fc1.units')).map(number);
  expect(descending).toEqual([...ascending].sort((a, b) => b - a));
  await plans.sortBy('objective');
  await plans.sortBy('objective');
  const worstFirst = (await plans.column('objective')).map(number);
  expect(worstFirst).toEqual([...objectives].sort((a, b) => b - a));
  const after = await plans.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-slot')));
  expect(after).not.toEqual(before);

  // Each row links to its run.
  await bestRow.getByTestId('sweep-open-run').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'run');
});

test('a plan shows its progress and ETA while it trains, and Stop ends it as incomplete', async ({ app, page }) => {
  const plans = new PlansPage(page);
  await page.goto(app.url);
  await plans.open('ablation');
  await page.getByTestId('ablation-source').selectOption('spirals-mlp');
  await plans.pickSetting(page.getByTestId('ablation-setting'), 'node.fc1.units');
  await plans.fill('ablation-a', '64');
  await plans.fill('ablation-b', '16');
  await plans.fill('ablation-seeds', '2');
  await plans.fill('ablation-epochs', '500');
  await page.getByTestId('ablation-start').click();

  await expect(plans.status).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('plan-eta')).toHaveText(/^ETA \d/, { timeout: 60_000 });
  await expect(page.getByTestId('plan-progress-text')).toContainText(/0 of 4 runs done · [12] running/);
  await page.getByTestId('plan-stop').click();
  await expect(plans.status).toHaveAttribute('data-status', 'incomplete', { timeout: 30_000 });
  await expect(page.getByTestId('plan-stop')).toHaveCount(0);
  await expect(page.locator('[data-testid="plan-run"][data-status="running"]')).toHaveCount(0);
});

test.describe('a history written by 0.1.0', () => {
  test.use({ history: 'test/fixtures/history-0.1.0' });

  test('its dropout study is listed among the plans and opens with its statistics: whole counts, one sign convention', async ({ app, page }) => {
    const plans = new PlansPage(page);
    await page.goto(app.url);
    await plans.open('dropout');
    const item = page.getByTestId('plan-item');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-kind', 'dropout');
    await item.click();
    await expect(plans.status).toHaveAttribute('data-status', 'completed');
    await expect(page.locator('[data-testid="plan-run"][data-status="completed"]')).toHaveCount(4);
    await expect(page.getByTestId('plan-arm-a')).toContainText('394, 472');
    await expect(page.getByTestId('plan-arm-b')).toContainText('440, 449');
    // McNemar's discordant counts summed over the two seeds: 71 + 57 and 25 + 80.
    await expect(page.getByTestId('plan-mcnemar')).toContainText('right on 128');
    await expect(page.getByTestId('plan-mcnemar')).toContainText('right on 105');
    // Dropout − no dropout = 433 − 444.5: the headline and the details give the same signed difference.
    await expect(plans.verdictText).toContainText('−11.5');
    await expect(page.getByTestId('plan-difference')).toContainText('−11.5 errors');
    await expect(page.getByTestId('plan-verdict-basis')).toContainText('paired t-test over the 2 seeds');
  });
});
