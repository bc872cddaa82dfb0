import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, cpSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spiralsSpec, startCli, tempDir, waitForStderr, writeJson } from './cli-helpers';
import { historyDigest, writeHistory } from './history-fixture';
import { mountSmallDisk, type SmallDisk } from './tmpfs';

/** Writes zeros into `file` until the disk says it is full. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

const VEGA_CARS = join(import.meta.dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'cars.json');

describe('a full or read-only disk under the data dir (a real small tmpfs)', () => {
  let disk: SmallDisk | null = null;

  afterEach(() => {
    disk?.unmount();
    disk = null;
  });

  it('a disk that fills during a run: the run ends failed naming the disk, exit 1, within seconds of the disk filling', async () => {
    disk = mountSmallDisk('4m');
    if (!disk) return;
    const spec = writeJson(tempDir(), 'spec.json', spiralsSpec());
    const dataDir = join(disk.dir, 'data');
    const cli = startCli(['run', spec, '--dataset', 'spirals', '--epochs', '5000', '--data-dir', dataDir]);
    await waitForStderr(cli.stderrSoFar, (stderr) => /epoch 2\//.test(stderr));
    fillDisk(join(disk.dir, 'filler'));
    const filledAt = Date.now();
    const result = await cli.done;
    expect(Date.now() - filledAt).toBeLessThan(30_000);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`the disk holding ${dataDir} is full`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The history is still readable on the full disk; once there is space again the run is not left 'running'.
    const full = await runCli(['list', '--json', '--data-dir', dataDir]);
    expect(full.code, full.stderr).toBe(0);
    expect((JSON.parse(full.stdout) as unknown[]).length).toBe(1);
    rmSync(join(disk.dir, 'filler'));
    const list = await runCli(['list', '--json', '--data-dir', dataDir]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { status: string }[]).map((run) => run.status)).not.toContain('running');
  }, 180_000);

  it('a disk already full: run and dataset import exit 1 naming the disk; nothing hangs', async () => {
    disk = mountSmallDisk('2m');
    if (!disk) return;
    const spec = writeJson(tempDir(), 'spec.json', spiralsSpec());
    const existing = join(disk.dir, 'existing');
    writeHistory(existing, 1);
    fillDisk(join(disk.dir, 'filler'));
    for (const dataDir of [existing, join(disk.dir, 'fresh')]) {
      const result = await runCli(['run', spec, '--dataset', 'spirals', '--epochs', '1', '--data-dir', dataDir]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`the disk holding ${dataDir} is full`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const imported = await runCli(['dataset', 'import', VEGA_CARS, '--name', 'cars', '--task', 'regression', '--target', 'Miles_per_Gallon', '--drop-missing', '--data-dir', existing]);
    expect(imported.code, imported.stderr).toBe(1);
    expect(imported.stderr).toContain('full');
    expect(imported.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('a read-only data dir: list and show read it; run and dataset import say why they cannot (exit 2); nothing changes', async () => {
    disk = mountSmallDisk('4m');
    if (!disk) return;
    const spec = writeJson(tempDir(), 'spec.json', spiralsSpec());
    const source = join(tempDir(), 'data');
    const ids = writeHistory(source, 2);
    const dataDir = join(disk.dir, 'data');
    mkdirSync(dataDir);
    cpSync(source, dataDir, { recursive: true });
    disk.remountReadOnly();
    const before = historyDigest(dataDir);

    const list = await runCli(['list', '--json', '--data-dir', dataDir]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(2);
    const show = await runCli(['show', ids[0], '--json', '--data-dir', dataDir]);
    expect(show.code, show.stderr).toBe(0);

    for (const args of [
      ['run', spec, '--dataset', 'spirals', '--epochs', '1'],
      ['dataset', 'import', VEGA_CARS, '--name', 'cars', '--task', 'regression', '--target', 'Miles_per_Gallon', '--drop-missing'],
    ]) {
      const result = await runCli([...args, '--data-dir', dataDir]);
      expect(result.code, `${args[0]}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(`${dataDir} is read-only`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(historyDigest(dataDir)).toBe(before);
  }, 120_000);
});
