import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../../src-main/host/index';

describe('headless host', () => {
  let root: string;
  let host: RunningHost;
  let base: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'layerlab-host-'));
    const rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    host = await startHost({ dataDir: join(root, 'data'), rendererDir, host: '127.0.0.1' });
    base = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await host.close();
    rmSync(root, { recursive: true, force: true });
  });

  const post = (method: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, { method: 'POST', body, headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...headers } });

  it('takes dataset imports of more than 32 MiB (base64 IDX files) but no other body that large', async () => {
    const big = JSON.stringify({ name: 'x', files: [{ filename: 'a.idx', base64: 'A'.repeat(40 * 2 ** 20) }], bogus: true });
    const other = await post('runs.list', big);
    expect(other.status).toBe(400);
    expect((await other.json()).error.message).toContain('larger than 32 MiB');
    const imported = await post('datasets.import', big);
    expect((await imported.json()).error?.message ?? '').not.toContain('larger than');
  });

  it('prints a 127.0.0.1 URL carrying a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses every request without the right token with 401', async () => {
    for (const path of ['/', '/assets/app.js', `/?token=${'0'.repeat(48)}`]) {
      expect((await fetch(base + path)).status).toBe(401);
    }
    const api = await fetch(`${base}/api/runs.list`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses requests from another site even with the token', async () => {
    const response = await post('runs.list', '{}', { Origin: 'https://evil.example' });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toContain('https://evil.example');
    const own = await post('runs.list', '{}', { Origin: `http://127.0.0.1:${host.port}` });
    expect(own.status).toBe(200);
  });

  it('serves the page with the query token and then assets by the cookie it sets', async () => {
    const page = await fetch(`${base}/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('does not serve files outside the renderer directory', async () => {
    const response = await fetch(`${base}/..%2fsecret.txt?token=${host.token}`);
    expect(response.status).toBe(404);
  });

  it('answers API calls and maps errors to 400 and 404', async () => {
    const list = await post('runs.list', '{}');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([]);
    const unknown = await post('runs.explode', '{}');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain('runs.explode');
    const badJson = await post('runs.list', '{nope');
    expect(badJson.status).toBe(400);
    const badParams = await post('runs.get', '{"runId": 5}');
    expect(badParams.status).toBe(400);
    expect((await badParams.json()).error.message).toContain('runId');
    const missing = await post('runs.get', '{"runId": "nope"}');
    expect(missing.status).toBe(404);
  });

  it('streams events over the WebSocket only with the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      refused.on('open', () => resolve('open'));
      refused.on('error', () => resolve('error'));
    });
    expect(refusal).toBe('401');

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    // Deleting a run that does not exist changes nothing; a real update does: start, then read the event stream.
    const start = await post('runs.start', JSON.stringify({ spec: { format: 1, name: 'x', nodes: [{ id: 'input', kind: 'input', params: { shape: [2] } }, { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } }], edges: [{ from: 'input', to: 'out' }] }, config: { epochs: 1 }, dataset: { name: 'spirals', trainLimit: 200 } }));
    expect(start.status).toBe(200);
    const event = (await received) as { type: string };
    expect(typeof event.type).toBe('string');
    ws.close();
  });
});
