import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Migration } from './migrate';
import { HistoryFileError, damagedMessage, readOnlyMessage } from './history-errors';

const SQLITE_HEADER = 'SQLite format 3\0';

/** Throws HistoryFileError when `file` is there but is no SQLite database (a folder, garbage, a text file). */
export function checkHistoryFileKind(file: string): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) throw new HistoryFileError(damagedMessage(file, 'is a folder, not a database file'));
  if (!stat.isFile()) throw new HistoryFileError(damagedMessage(file, 'is not a regular file'));
  if (stat.size === 0) return;
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(16);
  const read = readSync(fd, head, 0, 16, 0);
  closeSync(fd);
  if (read < 16 || head.toString('latin1') !== SQLITE_HEADER) {
    throw new HistoryFileError(damagedMessage(file, read < 16 ? `is only ${stat.size} bytes, too short to be a database` : 'is not a SQLite database'));
  }
  if (stat.size < 512) throw new HistoryFileError(damagedMessage(file, `is only ${stat.size} bytes: it was cut short`));
}

/** The tables the applied migrations created and have not dropped since; one place: the migrations' own SQL. */
export function expectedTables(migrations: readonly Migration[], version: number): string[] {
  const tables = new Set<string>();
  for (const migration of migrations.slice(0, version)) {
    for (const match of migration.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)) tables.add(match[1]);
    for (const match of migration.sql.matchAll(/DROP TABLE (?:IF EXISTS )?(\w+)/gi)) tables.delete(match[1]);
    for (const match of migration.sql.matchAll(/ALTER TABLE (\w+) RENAME TO (\w+)/gi)) {
      tables.delete(match[1]);
      tables.add(match[2]);
    }
  }
  return [...tables];
}

/**
 * Opens `file` read-only (a read-only connection never writes, not even a WAL checkpoint on close) and checks
 * it: SQLite's quick_check and the tables its schema version promises. Throws HistoryFileError naming the file.
 */
export function verifyHistoryFile(file: string, migrations: readonly Migration[]): void {
  let db: Database.Database;
  try {
    db = openForReading(file);
  } catch (error) {
    throw new HistoryFileError(damagedMessage(file, `cannot be opened (${(error as Error).message})`));
  }
  try {
    const problems = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
    const found = problems.map((row) => row.quick_check).filter((line) => line !== 'ok');
    if (found.length > 0) throw new HistoryFileError(damagedMessage(file, `is damaged (SQLite's integrity check: ${found.join('; ')})`));
    const version = db.pragma('user_version', { simple: true }) as number;
    const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    const missing = expectedTables(migrations, Math.min(version, migrations.length)).filter((table) => !present.has(table));
    if (missing.length > 0) throw new HistoryFileError(damagedMessage(file, `is missing the table${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`));
  } catch (error) {
    if (error instanceof HistoryFileError) throw error;
    throw new HistoryFileError(damagedMessage(file, `is damaged (${(error as Error).message})`));
  } finally {
    db.close();
  }
}

/** Why LayerLab may not write in `dataDir` (or create it), or null when it may. */
export function whyNotWritable(dataDir: string): string | null {
  let dir = dataDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'not writable';
  }
}

export function requireWritable(dataDir: string): void {
  const reason = whyNotWritable(dataDir);
  if (reason) throw new HistoryFileError(readOnlyMessage(dataDir, reason));
}

/**
 * A read-only connection to `file`. SQLite cannot open a WAL database read-only where it may not create the
 * -shm file (a read-only mount, a full disk), so there it reads a private copy (with its -wal) in the temp
 * folder, removed when the process exits; the original is never touched.
 */
export function openForReading(file: string): Database.Database {
  if (whyNotWritable(dirname(file)) === null || existsSync(`${file}-shm`)) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      // The first read sets up WAL's -shm file; a full disk refuses even that.
      db.pragma('user_version');
      return db;
    } catch (error) {
      db.close();
      if (!/^SQLITE_(IOERR|CANTOPEN|FULL)/.test(String((error as { code?: string }).code))) throw error;
    }
  }
  const copyDir = mkdtempSync(join(tmpdir(), 'layerlab-readonly-'));
  process.once('exit', () => rmSync(copyDir, { recursive: true, force: true }));
  const copy = join(copyDir, basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return new Database(copy, { readonly: true, fileMustExist: true });
}
