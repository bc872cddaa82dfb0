import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeIdx } from '../../src-main/engine/data/idx';
import { BIN, ROOT, runCli, tempDir } from './cli-helpers';
import { MNIST } from './dataset-import-helpers';

const dir = tempDir('layerlab-bad-data-');
const dataDir = join(dir, 'data');

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function expectRefused(args: string[], fileName: string, where: RegExp, what: RegExp): Promise<void> {
  const result = await runCli(['dataset', 'import', ...args, '--name', `d${Math.random().toString(36).slice(2, 8)}`, '--data-dir', dataDir]);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(fileName);
  expect(result.stderr).toMatch(where);
  expect(result.stderr).toMatch(what);
  expect(result.stderr).not.toMatch(/\n\s+at |Maximum call stack/);
}

const labels = (values: number[]) => encodeIdx('ubyte', [values.length], values);

describe('dataset files that cannot train exit 2 naming the file and the position', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('NaN or infinite pixels, and NaN labels, in IDX files', async () => {
    const pixels = Array.from({ length: 4 * 9 }, (_, i) => i / 36);
    pixels[2 * 9 + 4] = Number.NaN;
    await expectRefused([file('nan-train-images.idx', encodeIdx('float', [4, 3, 3], pixels)), file('nan-train-labels.idx', labels([0, 1, 0, 1]))], 'nan-train-images.idx', /byte 104/, /example 3, value 5 is NaN/);
    pixels[2 * 9 + 4] = Number.POSITIVE_INFINITY;
    await expectRefused([file('inf-train-images.idx', encodeIdx('float', [4, 3, 3], pixels)), file('inf-train-labels.idx', labels([0, 1, 0, 1]))], 'inf-train-images.idx', /byte 104/, /is infinite/);
    pixels[2 * 9 + 4] = 0.5;
    const badLabels = encodeIdx('double', [4], [0, 1, Number.NaN, 1]);
    await expectRefused([file('ok-train-images.idx', encodeIdx('float', [4, 3, 3], pixels)), file('nanlabel-train-labels.idx', badLabels)], 'nanlabel-train-labels.idx', /byte 24/, /example 3, value 1 is NaN/);
  });

  it('images of shape 50×0×4 (an empty dimension)', async () => {
    await expectRefused([file('empty-train-images.idx', encodeIdx('ubyte', [50, 0, 4], [])), file('empty-train-labels.idx', labels(Array.from({ length: 50 }, (_, i) => i % 2)))], 'empty-train-images.idx', /byte 8/, /dimension 2 of 50x0x4 is 0/);
  });

  it('a single class, in IDX labels and in a table target', async () => {
    await expectRefused([file('one-train-images.idx', encodeIdx('ubyte', [4, 2, 2], Array(16).fill(3))), file('one-train-labels.idx', labels([7, 7, 7, 7]))], 'one-train-labels.idx', /one-train-labels\.idx:/, /at least two classes/);
    await expectRefused([file('one-class.csv', 'a,b,label\n1,2,yes\n3,4,yes\n5,6,yes\n'), '--target', 'label'], 'one-class.csv', /column 3 "label"/, /a single class/);
  });

  it('duplicate column names and an infinite number in a CSV', async () => {
    await expectRefused([file('dup.csv', 'a,b,a,label\n1,2,3,x\n4,5,6,y\n')], 'dup.csv', /line 1 \(the header\)/, /columns 1 and 3 are both named "a"/);
    await expectRefused([file('inf.csv', 'a,b,label\n1,2,x\n3,Infinity,y\n')], 'inf.csv', /line 3, column 2 "b"/, /an infinite number/);
    await expectRefused([file('inf2.csv', 'a,b,label\n1,2,x\n3,1e999,y\n')], 'inf2.csv', /line 3, column 2 "b"/, /an infinite number/);
  });

  it('pathological nesting in JSON records: an error, not a stack overflow', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    await expectRefused([file('deep-value.json', `[{"a": 1, "b": ${deep}}]`)], 'deep-value.json', /record 1, column "b"/, /found an array/);
    await expectRefused([file('deep-top.json', deep)], 'deep-top.json', /record 1/, /expected an object of column values, found an array/);
  });
});

describe('an import killed with SIGKILL', () => {
  it('leaves its hidden folder only until the next start', async () => {
    const target = join(dir, 'killed');
    mkdirSync(target, { recursive: true });
    const child = spawn(process.execPath, [BIN, 'dataset', 'import', join(MNIST, 'train-images-idx3-ubyte'), join(MNIST, 'train-labels-idx1-ubyte'), '--name', 'mnistcopy', '--data-dir', target], { cwd: ROOT, stdio: 'ignore' });
    const datasets = join(target, 'datasets');
    const staging = () => (existsSync(datasets) ? readdirSync(datasets).filter((name) => name.startsWith('.importing-')) : []);
    while (staging().length === 0 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(staging().length).toBe(1);
    const next = await runCli(['dataset', 'import', file('ok.csv', 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n'), '--name', 'ok', '--data-dir', target]);
    expect(next.code, next.stderr).toBe(0);
    expect(staging()).toEqual([]);
  }, 120_000);
});
