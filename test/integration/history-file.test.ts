import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spiralsSpec, tempDir, writeJson } from './cli-helpers';
import { historyDigest, writeHistory } from './history-fixture';

/** Each way history.db was found broken, applied to a copy of a real history. */
const DAMAGE: Record<string, (file: string) => void> = {
  'truncated to a third': (file) => truncateSync(file, Math.floor(statSync(file).size / 3 / 4096) * 4096 + 1000),
  'cut to 100 bytes': (file) => truncateSync(file, 100),
  'random bytes': (file) => writeFileSync(file, Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251))),
  'a text file': (file) => writeFileSync(file, 'these are my notes, not a database\n'),
  'a folder': (file) => {
    rmSync(file);
    mkdirSync(file);
  },
  'garbage in the middle': (file) => {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(3 * 4096, 0xa5), 0, 3 * 4096, Math.floor(statSync(file).size / 2 / 4096) * 4096);
    closeSync(fd);
  },
  'a dropped table': (file) => {
    const db = new Database(file);
    db.exec('DROP TABLE latest_metrics');
    db.close();
  },
};

describe('a damaged history.db: exit 2 naming it and what to do, and nothing written into it', () => {
  let root: string;
  let pristine: string;
  let spec: string;

  beforeAll(() => {
    root = tempDir('layerlab-history-');
    pristine = join(root, 'pristine');
    writeHistory(pristine);
    spec = writeJson(root, 'spec.json', spiralsSpec());
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const [name, damage] of Object.entries(DAMAGE)) {
    it(name, async () => {
      const dataDir = join(root, name.replace(/\W+/g, '-'));
      cpSync(pristine, dataDir, { recursive: true });
      damage(join(dataDir, 'history.db'));
      const before = historyDigest(dataDir);
      for (const args of [['list'], ['show', 'abc'], ['run', spec, '--epochs', '1', '--train-limit', '100'], ['backup', join(root, `${name}.bak`)]]) {
        const result = await runCli([...args, '--data-dir', dataDir]);
        expect(result.code, `${args[0]}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toContain(join(dataDir, 'history.db'));
        expect(result.stderr).toMatch(/layerlab backup/);
        expect(result.stderr).toMatch(/move it aside/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      expect(historyDigest(dataDir)).toBe(before);
      expect(existsSync(join(root, `${name}.bak`))).toBe(false);
    }, 60_000);
  }
});

describe('layerlab backup', () => {
  let root: string;
  let ids: string[];

  beforeAll(() => {
    root = tempDir('layerlab-backup-');
    ids = writeHistory(join(root, 'data'), 2);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes a checked copy through the online backup API that a new data dir can use as its history', async () => {
    const copy = join(root, 'copy.db');
    const result = await runCli(['backup', copy, '--data-dir', join(root, 'data'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ backup: copy });
    const restored = join(root, 'restored');
    mkdirSync(restored);
    cpSync(copy, join(restored, 'history.db'));
    const list = await runCli(['list', '--json', '--data-dir', restored]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((run) => run.id).sort()).toEqual([...ids].sort());
  });

  it('refuses to overwrite a file, and says so when there is no history', async () => {
    writeFileSync(join(root, 'taken.db'), 'x');
    const taken = await runCli(['backup', join(root, 'taken.db'), '--data-dir', join(root, 'data')]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('already exists');
    const none = await runCli(['backup', join(root, 'n.db'), '--data-dir', join(root, 'empty')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('history.db');
  });
});
