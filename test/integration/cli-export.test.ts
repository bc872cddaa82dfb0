import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli, spiralsSpec, tempDir, writeJson } from './cli-helpers';

/** layerlab export on a small spirals run: each format's files, and bad input named with exit 2. */
describe('layerlab export', { timeout: 300_000 }, () => {
  const dir = tempDir();
  let runId = '';

  beforeAll(async () => {
    const spec = writeJson(dir, 'spirals.json', spiralsSpec());
    const trained = await runCli(['run', spec, '--dataset', 'spirals', '--epochs', '1', '--json', '--data-dir', dir]);
    expect(trained.code, trained.stderr).toBe(0);
    runId = lastJsonLine<{ runId: string }>(trained.stdout).runId;
  });

  it('writes a folder for formats of several files, one file for the others, and a zip when PATH ends in .zip', async () => {
    const tfjs = await runCli(['export', runId, '--format', 'tfjs', '--out', join(dir, 'tfjs'), '--json', '--data-dir', dir]);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    expect(lastJsonLine(tfjs.stdout)).toEqual({ runId, format: 'tfjs', files: [join(dir, 'tfjs', 'model.json'), join(dir, 'tfjs', 'weights.bin')] });
    for (const format of ['keras', 'pytorch']) {
      expect((await runCli(['export', runId, '--format', format, '--out', join(dir, format), '--data-dir', dir])).code).toBe(0);
      expect(readFileSync(join(dir, format, 'model.py'), 'utf8')).toContain(`run ${runId}`);
      expect(existsSync(join(dir, format, 'weights.npz'))).toBe(true);
    }
    const zipped = await runCli(['export', runId, '--format', 'pytorch', '--out', join(dir, 'pytorch.zip'), '--data-dir', dir]);
    expect(zipped.stdout).toBe(`wrote ${join(dir, 'pytorch.zip')}\n`);
    expect(Object.keys(unzipSync(readFileSync(join(dir, 'pytorch.zip')))).sort()).toEqual(['model.py', 'weights.npz']);
    expect((await runCli(['export', runId.slice(0, 8), '--format', 'metrics', '--out', join(dir, 'metrics.csv'), '--data-dir', dir])).code).toBe(0);
    expect(readFileSync(join(dir, 'metrics.csv'), 'utf8').split('\n')[0]).toBe('run,key,stage,step,epoch,wall_ms,value');
    expect((await runCli(['export', runId, '--format', 'record', '--out', join(dir, 'run.json'), '--data-dir', dir])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).run.id).toBe(runId);
  });

  it('names a missing or unknown format, a missing --out and an unknown run, with exit 2', async () => {
    const noFormat = await runCli(['export', runId, '--out', join(dir, 'x'), '--data-dir', dir]);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('layerlab export: --format is required; use one of\n  tfjs ');
    const badFormat = await runCli(['export', runId, '--format', 'caffe', '--out', join(dir, 'x'), '--data-dir', dir]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format "caffe" is not a format');
    const noOut = await runCli(['export', runId, '--format', 'onnx', '--data-dir', dir]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out PATH is required');
    const unknown = await runCli(['export', 'zzzz', '--format', 'onnx', '--out', join(dir, 'x.onnx'), '--data-dir', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run with id "zzzz"');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});
