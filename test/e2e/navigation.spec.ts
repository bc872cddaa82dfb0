import { test, expect } from './fixtures';

/** Issue 18, item 8: Back and Forward move between the app's views and leave the train panel's fields as they were. */
test('browser Back and Forward move between tabs inside the app and keep the train fields in their places', async ({ app, editor, train, page }) => {
  await editor.open(app.url);
  await editor.loadTemplate('spirals-mlp');
  await page.getByTestId('train-optimizer').selectOption('sgd');
  await train.set('train-lr', '0.07');
  await train.set('train-epochs', '4');
  await train.set('train-seed', '9');
  await train.set('train-name', 'back and forth');
  const fields = async () => ({
    optimizer: await page.getByTestId('train-optimizer').inputValue(),
    lr: await page.getByTestId('train-lr').inputValue(),
    epochs: await page.getByTestId('train-epochs').inputValue(),
    seed: await page.getByTestId('train-seed').inputValue(),
    name: await page.getByTestId('train-name').inputValue(),
  });
  const before = await fields();
  expect(before).toMatchObject({ optimizer: 'sgd', lr: '0.07', epochs: '4', seed: '9', name: 'back and forth' });

  await page.getByTestId('tab-runs').click();
  await page.getByTestId('tab-datasets').click();
  await expect(page.getByTestId('datasets-view')).toBeVisible();
  const origin = new URL(app.url).origin;

  await page.goBack();
  expect(page.url().startsWith(origin)).toBe(true);
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'runs');
  await page.goBack();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'editor');
  expect(await fields()).toEqual(before);
  await page.goForward();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'runs');
  await page.goForward();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'datasets');

  // Leaving the app altogether (past its first page) and coming Forward again: each value is back in its own field.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  expect(page.url().startsWith(origin)).toBe(false);
  await page.goForward();
  await expect(page.getByTestId('palette')).toBeVisible();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'editor');
  await page.getByTestId('tab-editor').click();
  expect(await fields()).toEqual(before);
});
