import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type RunningHost } from '../../../src-main/host/index';
import type { StartHostOptions } from '../../../src-main/host/index';

export interface TestHost {
  root: string;
  host: RunningHost;
  base: string;
  post(method: string, body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** A real host on a free port with a fresh data dir and a tiny renderer build. */
export async function startTestHost(options: Partial<StartHostOptions> = {}, prepare: (root: string) => Partial<StartHostOptions> = () => ({})): Promise<TestHost> {
  const root = mkdtempSync(join(tmpdir(), 'layerlab-host-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>LayerLab</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const host = await startHost({ dataDir: join(root, 'data'), rendererDir, host: '127.0.0.1', ...options, ...prepare(root) });
  const base = `http://127.0.0.1:${host.port}`;
  return {
    root,
    host,
    base,
    post: (method, body, headers = {}) =>
      fetch(`${base}/api/${method}`, { method: 'POST', body, headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...headers } }),
    async close() {
      await host.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Sends bytes as they are (no client library to tidy them up) and resolves with everything the host answered before closing. */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}

/** The status of a raw HTTP answer, 0 when there was none. */
export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

export async function systemInfoAnswers(test: TestHost): Promise<boolean> {
  const response = await test.post('system.info', '{}');
  return response.status === 200 && typeof (await response.json()).appVersion === 'string';
}
