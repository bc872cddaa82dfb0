import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorPage } from './pages/editor-page';
import { TrainPage } from './pages/train-page';
import { RunsPage } from './pages/runs-page';
import { ComparePage } from './pages/compare-page';

export interface ServedApp {
  /** The printed URL, with its token. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Calls the API directly, as the renderer does over HTTP. */
  api<T = unknown>(method: string, params?: unknown): Promise<T>;
}

/** Starts `layerlab serve` on a free port with a fresh data dir and reads the URL it prints. */
async function serve(dataDir: string, args: readonly string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/layerlab.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`layerlab serve printed no URL within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LayerLab is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('exit', (code) => reject(new Error(`layerlab serve exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

export const test = base.extend<{ app: ServedApp; editor: EditorPage; train: TrainPage; runs: RunsPage; compare: ComparePage; history: string | undefined; serveArgs: string[] }>({
  /** A data dir to start from (copied, e.g. test/fixtures/history-0.1.0): `test.use({ history: '…' })`. */
  history: [undefined, { option: true }],
  /** More `layerlab serve` flags, e.g. `test.use({ serveArgs: ['--allow-dir', dir] })`. */
  serveArgs: [[], { option: true }],
  app: async ({ history, serveArgs }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-e2e-'));
    if (history) cpSync(history, dataDir, { recursive: true });
    const { child, url } = await serve(dataDir, serveArgs);
    const parsed = new URL(url);
    const token = parsed.searchParams.get('token')!;
    const app: ServedApp = {
      url,
      origin: parsed.origin,
      token,
      dataDir,
      async api<T>(method: string, params: unknown = {}) {
        const response = await fetch(`${parsed.origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(params) });
        const body = await response.json();
        if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
        return body as T;
      },
    };
    await use(app);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  },
  editor: async ({ page }, use) => use(new EditorPage(page)),
  train: async ({ page }, use) => use(new TrainPage(page)),
  runs: async ({ page }, use) => use(new RunsPage(page)),
  compare: async ({ page }, use) => use(new ComparePage(page)),
});

export { expect };
