import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { resolveDataDir } from '../../services/data-dir';
import { HISTORY_FILE } from '../../store';
import { checkHistoryFileKind, openForReading, verifyHistoryFile } from '../../store/history-checks';
import { MIGRATIONS } from '../../store/migrations';
import { UsageError } from '../cli-error';
import { parseCommandArgs } from '../parse-args';

export const BACKUP_USAGE = 'layerlab backup FILE [--data-dir DIR] [--json]';

/**
 * `layerlab backup FILE`: a consistent copy of history.db through SQLite's online backup API, safe while
 * runs are writing; the copy is checked and only then moved to FILE. Artifacts (weights, checkpoints) stay
 * in the data dir's artifacts/ folder; copy that folder too for a complete backup.
 */
export async function backupCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('backup', argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError(`layerlab backup: expected one FILE to write the copy to, got ${positionals.length}\nusage: ${BACKUP_USAGE}`);
  const dataDir = resolveDataDir(values['data-dir']);
  const source = join(dataDir, HISTORY_FILE);
  const target = resolve(positionals[0]);
  if (!existsSync(source)) throw new UsageError(`layerlab backup: there is no ${source} to back up`);
  if (target === source) throw new UsageError('layerlab backup: FILE must not be the history itself');
  if (existsSync(target)) throw new UsageError(`layerlab backup: ${target} already exists; give a new file name`);
  if (!existsSync(dirname(target)) || !statSync(dirname(target)).isDirectory()) throw new UsageError(`layerlab backup: the folder ${dirname(target)} does not exist`);
  checkHistoryFileKind(source);
  verifyHistoryFile(source, MIGRATIONS);

  const partial = `${target}.partial`;
  const db = openForReading(source);
  try {
    await db.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  verifyHistoryFile(partial, MIGRATIONS);
  renameSync(partial, target);
  const bytes = statSync(target).size;
  if (values.json) process.stdout.write(`${JSON.stringify({ backup: target, bytes, source })}\n`);
  else process.stdout.write(`backed up ${source} to ${target} (${bytes} bytes); restore it by copying it back as ${HISTORY_FILE} while LayerLab is not running\n`);
  return 0;
}
