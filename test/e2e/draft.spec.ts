import { test, expect } from './fixtures';
import { spiralsNet } from './nets';

test.describe('unsaved work', () => {
  test('a reload keeps the network being drawn and the train settings', async ({ app, editor, train, page }) => {
    await editor.open(app.url);
    await editor.dragFromPalette('dense', { fx: 0.75, fy: 0.6 });
    await editor.connect('input', 'dense1');
    await editor.select('dense1');
    await editor.setParam('units', '77');
    await expect(editor.node('dense1')).toContainText('units 77');
    await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
    await train.set('train-epochs', '3');
    await train.set('train-name', 'kept');

    await page.reload();
    await expect(editor.node('dense1')).toContainText('units 77');
    await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
    await expect(page.getByTestId('train-epochs')).toHaveValue('3');
    await expect(page.getByTestId('train-name')).toHaveValue('kept');
    // Still unsaved after the reload: New asks before it throws the network away.
    await page.getByTestId('new-spec').click();
    await editor.answerDiscard(false);
    await expect(editor.node('dense1')).toBeVisible();
  });

  test('New, a template and Train again ask before discarding unsaved changes, and Undo brings them back', async ({ app, editor, page }) => {
    const { runId } = await app.api<{ runId: string }>('runs.start', { spec: spiralsNet, config: { epochs: 1 }, dataset: { name: 'spirals' }, name: 'to-train-again' });
    await expect.poll(async () => (await app.api<{ run: { status: string } }>('runs.get', { runId })).run.status, { timeout: 120_000 }).toBe('completed');
    await editor.open(app.url);
    await editor.dragFromPalette('dropout', { fx: 0.75, fy: 0.3 });

    await page.getByTestId('new-spec').click();
    await expect(page.getByTestId('confirm-message')).toContainText('unsaved changes');
    await editor.answerDiscard(false);
    await expect(editor.node('dropout1')).toBeVisible();
    await page.getByTestId('new-spec').click();
    await editor.answerDiscard(true);
    await expect(editor.node('dropout1')).toHaveCount(0);
    await page.getByTestId('undo').click();
    await expect(editor.node('dropout1')).toBeVisible();

    await page.getByTestId('templates-button').click();
    await page.getByTestId('template-lenet5').click();
    await editor.answerDiscard(false);
    await expect(editor.node('dropout1')).toBeVisible();
    await editor.loadTemplate('lenet5', { discard: true });
    await expect(editor.node('conv1')).toBeVisible();
    await page.getByTestId('undo').click();
    await expect(editor.node('dropout1')).toBeVisible();

    await page.getByTestId('tab-runs').click();
    await page.getByTestId('run-open').click();
    await page.getByTestId('train-again').click();
    await editor.answerDiscard(true);
    await expect(page.getByTestId('editor-view')).toBeVisible();
    await expect(editor.node('out')).toBeVisible();
    // The run's network is saved (in its record): loading a template over it asks nothing.
    await editor.loadTemplate('spirals-mlp');
    await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  });
});
