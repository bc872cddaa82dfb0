import { test, expect } from './fixtures';

test.describe('layer editor', () => {
  test('a template loads with every shape, and a node dragged on the canvas moves and undoes', async ({ app, editor, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('mlp-784-800-800-10');

    await expect(editor.shape('input')).toHaveText('28×28×1');
    await expect(editor.shape('flatten')).toHaveText('784');
    await expect(editor.shape('fc1')).toHaveText('800');
    await expect(editor.shape('fc2')).toHaveText('800');
    await expect(editor.shape('fc3')).toHaveText('10');
    await expect(editor.shape('softmax')).toHaveText('10');
    // 784·800+800 + 800·800+800 + 800·10+10
    await expect(page.getByTestId('total-params')).toHaveText('1.28M params');
    await expect(editor.params('fc1')).toHaveText('628.0k p');

    const before = await editor.position('fc3');
    await editor.dragNodeBy('fc3', 260, 40);
    const after = await editor.position('fc3');
    expect(after.x - before.x).toBeGreaterThan(150);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Math.round((await editor.position('fc3')).x)).toBe(Math.round(before.x));
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => Math.round((await editor.position('fc3')).x)).toBe(Math.round(after.x));
  });

  test('a dense layer dragged from the palette and wired in changes the shapes downstream', async ({ app, editor, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('mlp-784-800-800-10');
    await expect(editor.shape('fc1')).toHaveText('800');

    await editor.deleteEdgeBetween('flatten', 'fc1');
    // With its input gone, fc1 and everything after it have no shape.
    await expect(editor.shape('fc1')).toHaveText('?');
    await expect(editor.shape('softmax')).toHaveText('?');

    await editor.dragFromPalette('dense', { fx: 0.75, fy: 0.3 });
    await expect(editor.node('dense1')).toBeVisible();
    await expect(editor.shape('dense1')).toHaveText('?');

    await editor.connect('flatten', 'dense1');
    await expect(editor.shape('dense1')).toHaveText('128');
    await editor.connect('dense1', 'fc1');
    await expect(editor.shape('fc1')).toHaveText('800');
    await expect(editor.shape('softmax')).toHaveText('10');
    // fc1 now sees 128 features instead of 784: 128·800 + 800 parameters.
    await expect(editor.params('fc1')).toHaveText('103.2k p');

    await editor.select('dense1');
    await editor.setParam('units', '32');
    await expect(editor.shape('dense1')).toHaveText('32');
    await expect(editor.params('fc1')).toHaveText('26.4k p');
    await expect(page.getByTestId('spec-status')).toHaveText('valid');
  });

  test('an invalid parameter marks the node with the catalog message, and undo clears it', async ({ app, editor, page }) => {
    await editor.open(app.url);
    await editor.loadTemplate('mlp-784-800-800-10');
    await editor.dragNodeBy('fc2', 240, 0);
    await editor.select('fc2');

    await editor.setParam('units', '0');
    await expect(editor.error('fc2')).toContainText('node "fc2": units must be a whole number ≥ 1, got 0');
    await expect(page.getByTestId('param-error-units')).toBeVisible();
    await expect(editor.shape('fc2')).toHaveText('?');
    await expect(page.getByTestId('spec-status')).not.toHaveText('valid');

    await editor.setParam('units', 'abc');
    await expect(page.getByTestId('param-error-units')).toContainText('not a number');

    await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect(editor.error('fc2')).toHaveCount(0);
    await expect(editor.shape('fc2')).toHaveText('800');
  });
});
