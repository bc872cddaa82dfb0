import Database from 'better-sqlite3';
import { applyMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

/** Opens (creating if needed) a history database: WAL, foreign keys on, migrated to the latest schema. */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, MIGRATIONS);
  return db;
}
