import { test, expect } from './fixtures';

test.describe('the editor says what stands in the way', () => {
  test('Start is disabled on an invalid network with the reason beside it; the issue badge names and selects the layer at fault', async ({ app, editor, page }) => {
    await editor.open(app.url);
    await expect(page.getByTestId('canvas-hint')).toBeVisible();
    await editor.dragFromPalette('dense', { fx: 0.75, fy: 0.3 });
    await expect(page.getByTestId('canvas-hint')).toHaveCount(0);

    await expect(page.getByTestId('start-run')).toBeDisabled();
    await expect(page.getByTestId('start-blocked')).toContainText('node "dense1": not connected');
    await expect(page.getByTestId('spec-status')).toContainText('2 issues: node "dense1": not connected');
    await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
    await expect(page.getByTestId('inspector')).not.toContainText('dense1');
    await page.getByTestId('spec-status').click();
    await expect(page.getByTestId('inspector')).toContainText('dense1');
    await expect(editor.node('dense1')).toHaveClass(/selected/);

    await editor.loadTemplate('spirals-mlp', { discard: true });
    await expect(page.getByTestId('spec-status')).toHaveText('valid');
    await expect(page.getByTestId('start-run')).toBeEnabled();
    await expect(page.getByTestId('start-blocked')).toHaveCount(0);
  });

  test('footer messages leave once they stop being true', async ({ app, editor, train, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('spirals-mlp');
    await expect(page.getByTestId('notice')).toContainText('loaded template');
    // An edit: the network on the canvas is no longer just the template.
    await editor.select('fc1');
    await editor.setParam('units', '12');
    await expect(page.getByTestId('notice')).toHaveCount(0);

    await train.set('train-epochs', '2');
    await train.start();
    await expect(train.liveStatus()).toHaveText('completed', { timeout: 120_000 });
    // "run … queued" is no longer true once the run has started.
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect(page.getByTestId('statusbar')).toContainText('1 runs');
  });

  test('a template resets every training setting and the run name; a new layer hints at its linear activation', async ({ app, editor, train, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('tabular-classifier');
    await expect(page.getByTestId('train-optimizer')).toHaveValue('adam');
    await expect(page.getByTestId('train-lr')).toHaveValue('0.003');
    await train.set('train-name', 'weather, first try');
    await page.getByTestId('train-schedule').selectOption('step');

    await editor.loadTemplate('lenet5');
    await expect(page.getByTestId('train-optimizer')).toHaveValue('sgd');
    await expect(page.getByTestId('train-lr')).toHaveValue('0.05');
    await expect(page.getByTestId('train-momentum')).toHaveValue('0.9');
    await expect(page.getByTestId('train-schedule')).toHaveValue('constant');
    await expect(page.getByTestId('train-init')).toHaveValue('he');
    await expect(page.getByTestId('train-preprocessing')).toHaveValue('scale');
    await expect(page.getByTestId('train-name')).toHaveValue('');

    await editor.dragFromPalette('dense', { fx: 0.8, fy: 0.2 });
    await editor.select('dense1');
    await expect(page.getByTestId('activation-hint')).toContainText('relu');
    await page.getByTestId('param-activation').selectOption('relu');
    await expect(page.getByTestId('activation-hint')).toHaveCount(0);
  });
});
