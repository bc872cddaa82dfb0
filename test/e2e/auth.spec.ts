import { test, expect } from './fixtures';

test('requests without the token are refused with 401, with it the app loads', async ({ app, page, editor }) => {
  const bare = await fetch(`${app.origin}/`);
  expect(bare.status).toBe(401);
  const api = await fetch(`${app.origin}/api/runs.list`, { method: 'POST', body: '{}' });
  expect(api.status).toBe(401);
  expect((await api.json()).error.code).toBe('unauthorized');
  const wrong = await fetch(`${app.origin}/api/runs.list?token=${'f'.repeat(app.token.length)}`, { method: 'POST', body: '{}' });
  expect(wrong.status).toBe(401);

  const response = await page.goto(`${app.origin}/`);
  expect(response?.status()).toBe(401);

  await editor.open(app.url);
  await expect(page.getByTestId('tab-runs')).toBeVisible();
  // With the token the page works: a real drag from the palette adds a layer.
  await editor.dragFromPalette('dropout', { fx: 0.5, fy: 0.5 });
  await expect(editor.node('dropout1')).toBeVisible();
});
