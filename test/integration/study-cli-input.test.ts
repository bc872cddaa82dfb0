import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spiralsSpec, tempDir, writeJson } from './cli-helpers';
import { spiralsDropoutTemplate } from './study-fixtures';

const dir = tempDir('layerlab-study-input-');
const dataDir = tempDir('layerlab-study-input-data-');
const withDropout = writeJson(dir, 'with-dropout.json', spiralsDropoutTemplate());
const withoutDropout = writeJson(dir, 'plain.json', { ...spiralsDropoutTemplate(), id: 'plain', spec: spiralsSpec(), config: { epochs: 1 } });

describe('layerlab study: bad input exits 2 with a message that names the fault, no stack trace', () => {
  it.each([
    [['study', withDropout, '--data-dir', dataDir], /--seeds N is required/],
    [['study', withDropout, '--seeds', '0', '--data-dir', dataDir], /--seeds: expected at least 1 seed/],
    [['study', withDropout, '--seeds', 'three', '--data-dir', dataDir], /--seeds: expected a number, got "three"/],
    [['study', withDropout, '--seeds', '2', '--epochs', '1.5', '--data-dir', dataDir], /--epochs: expected a whole number of epochs/],
    [['study', withDropout, '--seeds', '2', '--parallel', '0', '--data-dir', dataDir], /--parallel: expected a whole number of runs at once, 1 or more/],
    [['study', withoutDropout, '--seeds', '2', '--data-dir', dataDir], /template "plain": it has no dropout node and no max-norm/],
    [['study', `${dir}/missing.json`, '--seeds', '2', '--data-dir', dataDir], /missing\.json: cannot read it \(no such file\)/],
    [['report', 'no-such-study', '--out', `${dir}/r.html`, '--data-dir', dataDir], /no study with id "no-such-study"|no history in this data dir/],
  ])('%j', async (args, message) => {
    const result = await runCli(args as string[]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stores no study and no run when the input is refused', async () => {
    await runCli(['study', withoutDropout, '--seeds', '2', '--data-dir', dataDir]);
    const db = new Database(join(dataDir, 'history.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM experiments').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
