import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { HistoryFileError, damagedMessage } from './history-errors';
import { checkHistoryFileKind, openForReading, verifyHistoryFile } from './history-checks';
import { applyMigrations, MigrationError } from './migrate';
import { MIGRATIONS } from './migrations';

export interface OpenDatabaseOptions {
  /** Read an existing history without writing anything (a read-only data dir): no WAL switch, no migrations. */
  readOnly?: boolean;
}

/**
 * Opens (creating if needed) a history database: WAL, foreign keys on, migrated to the latest schema. An
 * existing file is checked first (a database at all, quick_check, the expected tables), read-only, so a
 * damaged file is refused before anything is written into it.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database.Database {
  checkHistoryFileKind(file);
  if (existsSync(file)) verifyHistoryFile(file, MIGRATIONS);
  if (options.readOnly) return openReadOnly(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, MIGRATIONS);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function openReadOnly(file: string): Database.Database {
  if (!existsSync(file)) throw new HistoryFileError(damagedMessage(file, 'does not exist'));
  const db = openForReading(file);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== MIGRATIONS.length) {
    db.close();
    throw new MigrationError(
      `${file} is at schema version ${version}, and this LayerLab reads version ${MIGRATIONS.length}; it cannot upgrade it in a read-only data dir: open it once where it is writable`,
    );
  }
  return db;
}
