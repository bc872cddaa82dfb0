import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../services/data-dir';
import { HISTORY_FILE, RunStore } from '../store';
import { whyNotWritable } from '../store/history-checks';
import { isDiskFull } from '../store/history-errors';
import { UsageError } from './cli-error';
import { openRunStore } from '../services/open-store';

/** The history of --data-dir (or the default), read-only when LayerLab may not write there; null when there is none yet. */
export function openExistingHistory(dataDirFlag: string | undefined): RunStore | null {
  const dataDir = resolveDataDir(dataDirFlag);
  if (!existsSync(join(dataDir, HISTORY_FILE))) return null;
  if (whyNotWritable(dataDir) !== null) return openRunStore(dataDir, { readOnly: true });
  try {
    return openRunStore(dataDir);
  } catch (error) {
    // A full disk cannot take the WAL or recovery writes, but reading needs neither.
    if (isDiskFull(error)) return openRunStore(dataDir, { readOnly: true });
    throw error;
  }
}

/** A run id, or a unique prefix of one (as `list` shows them). */
export function resolveRunId(store: RunStore, idOrPrefix: string): string {
  if (store.getSummary(idOrPrefix)) return idOrPrefix;
  const matches = store.listRuns({ search: idOrPrefix }).filter((run) => run.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) throw new UsageError(`run id "${idOrPrefix}" is ambiguous: it starts ${matches.length} runs; give more of it`);
  throw new UsageError(`no run with id "${idOrPrefix}" in ${store.dataDir}`);
}
