import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from './host-helpers';

const SPIRALS_NET = {
  format: 1,
  name: 'x',
  nodes: [
    { id: 'input', kind: 'input', params: { shape: [2] } },
    { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
  ],
  edges: [{ from: 'input', to: 'out' }],
};

function outcome(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('open', () => resolve('open'));
    ws.on('error', () => resolve('error'));
  });
}

describe('headless host', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost();
  });

  afterAll(async () => {
    await test.close();
  });

  it('takes dataset imports of more than 32 MiB (base64 IDX files) but no other body that large', async () => {
    const big = JSON.stringify({ name: 'x', files: [{ filename: 'a.idx', base64: 'A'.repeat(40 * 2 ** 20) }], bogus: true });
    const other = await test.post('runs.list', big);
    expect(other.status).toBe(413);
    expect((await other.json()).error.message).toContain('larger than 32 MiB');
    const imported = await test.post('datasets.import', big);
    expect((await imported.json()).error?.message ?? '').not.toContain('larger than');
  });

  it('prints a 127.0.0.1 URL carrying a long random token', () => {
    expect(test.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    expect(test.host.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses the page and the API without the right token with 401', async () => {
    for (const path of ['/', '/index.html', '/runs', `/?token=${'0'.repeat(48)}`]) {
      expect((await fetch(test.base + path)).status).toBe(401);
    }
    const api = await fetch(`${test.base}/api/runs.list`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const queryToken = await fetch(`${test.base}/api/runs.list?token=${test.host.token}`, { method: 'POST', body: '{}' });
    expect(queryToken.status).toBe(401);
  });

  it('refuses requests from another site even with the token', async () => {
    const response = await test.post('runs.list', '{}', { Origin: 'https://evil.example' });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toContain('https://evil.example');
    const own = await test.post('runs.list', '{}', { Origin: `http://127.0.0.1:${test.host.port}` });
    expect(own.status).toBe(200);
  });

  it('serves the page with the query token and sets no cookie; the renderer scripts need none', async () => {
    const page = await fetch(`${test.base}/?token=${test.host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('set-cookie')).toBeNull();
    const asset = await fetch(`${test.base}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('set-cookie')).toBeNull();
  });

  it('exchanges the token, and only the token, for a per-tab credential that works as a Bearer header', async () => {
    const exchange = await fetch(`${test.base}/api/session`, { method: 'POST', headers: { Authorization: `Bearer ${test.host.token}` } });
    expect(exchange.status).toBe(200);
    expect(exchange.headers.get('set-cookie')).toBeNull();
    const { session } = (await exchange.json()) as { session: string };
    expect(session).toMatch(/^[0-9a-f]{64}$/);
    const list = await fetch(`${test.base}/api/runs.list`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${session}` } });
    expect(list.status).toBe(200);
    const again = await fetch(`${test.base}/api/session`, { method: 'POST', headers: { Authorization: `Bearer ${session}` } });
    expect(again.status).toBe(401);
    expect((await fetch(`${test.base}/api/session`, { method: 'POST' })).status).toBe(401);
  });

  it('does not serve files outside the renderer directory', async () => {
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const response = await fetch(`${test.base}${path}?token=${test.host.token}`);
      expect(response.status).toBe(404);
    }
  });

  it('answers API calls and maps errors to 400 and 404', async () => {
    const list = await test.post('runs.list', '{}');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([]);
    const unknown = await test.post('runs.explode', '{}');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain('runs.explode');
    const badJson = await test.post('runs.list', '{nope');
    expect(badJson.status).toBe(400);
    const badParams = await test.post('runs.get', '{"runId": 5}');
    expect(badParams.status).toBe(400);
    expect((await badParams.json()).error.message).toContain('runId');
    const missing = await test.post('runs.get', '{"runId": "nope"}');
    expect(missing.status).toBe(404);
  });

  it('streams events over the WebSocket only with a credential in the subprotocol or header, never the query', async () => {
    const port = test.host.port;
    expect(await outcome(new WebSocket(`ws://127.0.0.1:${port}/api/events`))).toBe('401');
    expect(await outcome(new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${test.host.token}`))).toBe('401');
    expect(await outcome(new WebSocket(`ws://127.0.0.1:${port}/api/events`, ['layerlab', `layerlab.auth.${'0'.repeat(64)}`]))).toBe('401');

    const { session } = (await (await fetch(`${test.base}/api/session`, { method: 'POST', headers: { Authorization: `Bearer ${test.host.token}` } })).json()) as { session: string };
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, ['layerlab', `layerlab.auth.${session}`]);
    expect(await outcome(ws)).toBe('open');
    expect(ws.protocol).toBe('layerlab');
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    const start = await test.post('runs.start', JSON.stringify({ spec: SPIRALS_NET, config: { epochs: 1 }, dataset: { name: 'spirals', trainLimit: 200 } }));
    expect(start.status).toBe(200);
    const event = (await received) as { type: string };
    expect(typeof event.type).toBe('string');
    ws.close();

    const byHeader = new WebSocket(`ws://127.0.0.1:${port}/api/events`, { headers: { Authorization: `Bearer ${test.host.token}` } });
    expect(await outcome(byHeader)).toBe('open');
    byHeader.close();
  });
});
