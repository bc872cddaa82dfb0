import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainConfig } from '../../src-shared/config/validate';
import { RunStore } from '../../src-main/store';
import { spiralsSpec } from './cli-helpers';

/** A real history with `runs` finished runs, each with enough metric points to span many pages. */
export function writeHistory(dataDir: string, runs = 3): string[] {
  const store = RunStore.open(dataDir);
  const ids: string[] = [];
  for (let r = 0; r < runs; r++) {
    const run = store.createRun({
      name: `run ${r}`,
      spec: spiralsSpec(),
      config: parseTrainConfig({ seed: r + 1 }),
      datasetRef: { name: 'spirals' },
      appVersion: 'test',
      params: { 'config.seed': String(r + 1) },
    });
    store.appendMetrics(
      run.id,
      Array.from({ length: 2000 }, (_, step) => ({ key: 'train.loss', step, epoch: step / 100, wallMs: step, value: 1 / (step + 1) })),
    );
    store.finishRun(run.id, 'failed', { error: 'fixture' });
    ids.push(run.id);
  }
  store.close();
  return ids;
}

/** sha256 of history.db (and its WAL, when there is one): what "nothing was written" is checked against. */
export function historyDigest(dataDir: string): string {
  const hash = createHash('sha256');
  for (const name of ['history.db', 'history.db-wal']) {
    const file = join(dataDir, name);
    if (existsSync(file) && statSync(file).isFile()) hash.update(readFileSync(file));
    hash.update('|');
  }
  return hash.digest('hex');
}
