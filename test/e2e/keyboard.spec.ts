import { test, expect } from './fixtures';

test('a network built from the keyboard: Enter on a palette layer adds it below the selected one, wired in; ? shows the shortcuts', async ({ app, editor, page }) => {
  await editor.open(app.url);
  await page.getByTestId('palette-flatten').focus();
  await page.keyboard.press('Enter');
  await expect(editor.shape('flatten1')).toHaveText('784');
  await expect(page.getByTestId('inspector')).toContainText('flatten1');

  await page.getByTestId('palette-dense').focus();
  await page.keyboard.press('Enter');
  await expect(editor.shape('dense1')).toHaveText('128');
  await page.keyboard.press('Enter');
  await expect(editor.shape('dense2')).toHaveText('128');
  // Below, not on top of, the layer it joins.
  const [above, below] = await Promise.all([editor.position('dense1'), editor.position('dense2')]);
  expect(below.y).toBeGreaterThan(above.y + 40);
  await page.keyboard.press('Control+z');
  await expect(editor.node('dense2')).toHaveCount(0);

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-sheet')).toContainText('add that layer below the selected one');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);
});
