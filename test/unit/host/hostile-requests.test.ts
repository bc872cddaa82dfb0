import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import { listenHost, type RunningHost } from '../../../src-main/host/index';
import { ApiError, type ApiService } from '../../../src-main/services/api-service-types';
import { rawExchange, startTestHost, statusOf, systemInfoAnswers, type TestHost } from './host-helpers';

/** Streams `total` bytes of JSON-ish body to `path` and resolves with the status as soon as the host answers. */
function streamBody(port: number, path: string, total: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(2 ** 20, 0x41);
    const req = request({ port, host: '127.0.0.1', path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    let sent = 0;
    const pump = () => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    req.write('{"name":"x","files":[{"filename":"a.csv","text":"');
    pump();
  });
}

/** Opens /api/events by hand and returns the socket once the host switched protocols. */
function openRawWebSocket(port: number, token: string): Promise<import('node:net').Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer ${token}\r\n\r\n`,
    );
    socket.once('data', (data) => (String(data).startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(String(data)))));
  });
}

function closed(socket: import('node:net').Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.on('close', () => resolve());
    socket.resume();
  });
}

describe('the host answers hostile requests with 4xx and keeps answering', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost();
  });

  afterAll(async () => {
    await test.close();
  });

  const raw = (text: string) => rawExchange(test.host.port, text);

  it('a request target that is not a URL (no token): 400', async () => {
    expect(statusOf(await raw(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))).toBeGreaterThanOrEqual(400);
    expect(await systemInfoAnswers(test)).toBe(true);
  });

  it('a broken %-escape in a static path, with and without the token, or in a cookie: 4xx', async () => {
    expect(statusOf(await raw(`GET /assets/% HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(`GET /assets/%?token=${test.host.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(`GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(`GET /a%00b.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))).toBe(400);
    expect(statusOf(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: layerlab_token=%E0%A4%A\r\n\r\n`))).toBe(401);
    expect(await systemInfoAnswers(test)).toBe(true);
  });

  it('bytes that are not HTTP, oversized headers and broken chunked framing: 400/431', async () => {
    expect(statusOf(await raw('\x00\x01\x02 garbage\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`))).toBe(431);
    const chunked = `POST /api/runs.list HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${test.host.token}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`;
    expect(statusOf(await raw(chunked))).toBe(400);
    expect(await systemInfoAnswers(test)).toBe(true);
  });

  it('a malformed WebSocket frame, or one larger than the host takes, closes that socket only', async () => {
    const garbage = await openRawWebSocket(test.host.port, test.host.token);
    garbage.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01]));
    await closed(garbage);
    const oversized = await openRawWebSocket(test.host.port, test.host.token);
    // A masked text frame announcing 1 MiB.
    oversized.write(Buffer.concat([Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0]), Buffer.from([1, 2, 3, 4]), Buffer.alloc(70_000)]));
    await closed(oversized);
    const cutOff = await openRawWebSocket(test.host.port, test.host.token);
    cutOff.write(Buffer.from([0x81, 0x85, 1, 2]));
    cutOff.destroy();
    expect(await systemInfoAnswers(test)).toBe(true);
  });

  it('a body over the limit: 413 naming the limit, whether declared up front or streamed', async () => {
    const declared = await raw(`POST /api/runs.list HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${test.host.token}\r\nContent-Length: 999999999999\r\n\r\n{}`);
    expect(statusOf(declared)).toBe(413);
    expect(declared).toContain('larger than 32 MiB');
    const headers = { Authorization: `Bearer ${test.host.token}` };
    expect(await streamBody(test.host.port, '/api/runs.list', 40 * 2 ** 20, headers)).toBe(413);
    // Over V8's longest string (~512 MiB) this once ended the host; the import limit now answers long before.
    expect(await streamBody(test.host.port, '/api/datasets.import', 600 * 2 ** 20, headers)).toBe(413);
    expect(await systemInfoAnswers(test)).toBe(true);
  });

  it('JSON nested thousands deep: 400, never a stack overflow', async () => {
    const deep = await test.post('runs.start', `{"spec":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(deep.status).toBe(400);
    expect((await deep.json()).error.message).toContain('nests deeper');
    expect(await systemInfoAnswers(test)).toBe(true);
  });

  it('a Host header other than a loopback name (DNS rebinding): 421 naming --allow-host', async () => {
    for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.nip.io', '']) {
      const answer = await raw(`GET /?token=${test.host.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), host).toBe(host === '' ? 421 : 421);
      expect(answer).toContain('--allow-host');
    }
    expect(statusOf(await raw(`GET /api/session HTTP/1.0\r\n\r\n`))).toBe(421);
    for (const host of [`localhost:${test.host.port}`, `[::1]:${test.host.port}`, `127.0.0.1:${test.host.port}`]) {
      expect(statusOf(await raw(`GET /?token=${test.host.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)), host).toBe(200);
    }
  });

  it('the wrong method or an unknown path under /api: 4xx', async () => {
    expect((await fetch(`${test.base}/api/runs.list`, { headers: { Authorization: `Bearer ${test.host.token}` } })).status).toBe(405);
    expect((await fetch(`${test.base}/api/session`)).status).toBe(405);
    expect((await fetch(`${test.base}/?token=${test.host.token}`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${test.base}/api/uploads`, { method: 'PUT', headers: { Authorization: `Bearer ${test.host.token}` }, body: 'x' })).status).toBe(400);
    expect(await systemInfoAnswers(test)).toBe(true);
  });
});

describe('the host guard', () => {
  let host: RunningHost;
  const logged: string[] = [];

  beforeAll(async () => {
    // A service whose method fails the way no code path plans for: the guard must answer 500 and log it.
    const service: ApiService = {
      async handle(method) {
        if (method === 'runs.list') throw new TypeError("Cannot read properties of undefined (reading 'x')");
        if (method === 'runs.get') throw new ApiError('not-found', 'no such run');
        return { appVersion: 'test' } as never;
      },
      subscribe: () => () => {},
      close: async () => {},
    };
    host = await listenHost({ rendererDir: '/nonexistent', service, dataDir: '/nonexistent', log: (line) => logged.push(line) });
  });

  afterAll(async () => {
    await host.close();
  });

  it('turns an unexpected error into a 500 and a log line, and keeps answering', async () => {
    const post = (method: string) => fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', body: '{}', headers: { Authorization: `Bearer ${host.token}` } });
    const failed = await post('runs.list');
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).not.toMatch(/\n\s+at /);
    expect(logged.some((line) => line.includes('POST /api/runs.list failed') && line.includes('TypeError'))).toBe(true);
    expect((await post('runs.get')).status).toBe(404);
    expect((await post('system.info')).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${host.port}/?token=${host.token}`)).status).toBe(404);
  });
});
