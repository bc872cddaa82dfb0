import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';

test('requests without the token are refused with 401, with it the app loads', async ({ app, page, editor }) => {
  const bare = await fetch(`${app.origin}/`);
  expect(bare.status).toBe(401);
  const api = await fetch(`${app.origin}/api/runs.list`, { method: 'POST', body: '{}' });
  expect(api.status).toBe(401);
  expect((await api.json()).error.code).toBe('unauthorized');
  const wrong = await fetch(`${app.origin}/api/runs.list`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${'f'.repeat(app.token.length)}` } });
  expect(wrong.status).toBe(401);

  const response = await page.goto(`${app.origin}/`);
  expect(response?.status()).toBe(401);

  await editor.open(app.url);
  await expect(page.getByTestId('tab-runs')).toBeVisible();
  // With the token the page works: a real drag from the palette adds a layer.
  await editor.dragFromPalette('dropout', { fx: 0.5, fy: 0.5 });
  await expect(editor.node('dropout1')).toBeVisible();
});

test('the token never reaches another server on 127.0.0.1, and the page talks to its host with a per-tab credential', async ({ app, page, editor }) => {
  // Cookies are scoped by host name, not port: a cookie set by LayerLab would be sent to this server too.
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const other = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>another local server</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;

  const apiAuth: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${app.origin}/api/`)) apiAuth.push(`${new URL(request.url()).pathname} ${request.headers().authorization ?? ''}`);
  });
  await editor.open(app.url);
  await expect(page.getByTestId('tab-runs')).toBeVisible();
  await page.getByTestId('tab-runs').click();
  const credential = await page.evaluate(() => sessionStorage.getItem('layerlab.session'));
  expect(credential).toMatch(/^[0-9a-f]{64}$/);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect((await page.context().cookies()).length).toBe(0);
  // The token goes out once, to be exchanged; every other call carries the tab's own credential.
  expect(apiAuth.filter((line) => line.includes(app.token))).toEqual([`/api/session Bearer ${app.token}`]);
  expect(apiAuth.some((line) => line.endsWith(`Bearer ${credential}`))).toBe(true);

  await page.goto(`http://127.0.0.1:${otherPort}/anything`);
  await page.evaluate((port) => fetch(`http://127.0.0.1:${port}/from-script`, { credentials: 'include' }).then((r) => r.text()), otherPort);
  other.close();
  expect(seen.length).toBeGreaterThanOrEqual(2);
  for (const request of seen) {
    const everything = JSON.stringify(request);
    expect(everything).not.toContain(app.token);
    expect(everything).not.toContain(credential!);
    expect(request.headers.cookie ?? '').toBe('');
  }
});
