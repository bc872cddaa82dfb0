import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelSpec } from '../../src-shared/network/types';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'layerlab.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node bin/layerlab.mjs ARGS` from the repo root. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult>; stderrSoFar: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { child, done, stderrSoFar: () => stderr };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** The last line of stdout, parsed. */
export function lastJsonLine<T = Record<string, unknown>>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

export function tempDir(prefix = 'layerlab-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 1));
  return file;
}

/** A small ReLU MLP for the two-spirals set (ReLU, so an absurd learning rate overflows to NaN). */
export function spiralsSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    format: 1,
    name: 'spirals mlp',
    nodes: [
      { id: 'in', kind: 'input', params: { shape: [2] } },
      { id: 'h1', kind: 'dense', params: { units: 32, activation: 'relu' } },
      { id: 'h2', kind: 'dense', params: { units: 32, activation: 'relu' } },
      { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
    ],
    edges: [
      { from: 'in', to: 'h1' },
      { from: 'h1', to: 'h2' },
      { from: 'h2', to: 'out' },
    ],
    ...overrides,
  };
}

/** Resolves once `predicate` holds for stderr, polling; rejects after `timeoutMs`. */
export async function waitForStderr(stderrSoFar: () => string, predicate: (stderr: string) => boolean, timeoutMs = 180_000): Promise<string> {
  const started = Date.now();
  while (!predicate(stderrSoFar())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; stderr so far:\n${stderrSoFar()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return stderrSoFar();
}
