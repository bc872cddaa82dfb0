import { statfsSync } from 'node:fs';

/**
 * The history file cannot be used as it is: damaged, not a database, a folder, or in a folder LayerLab may
 * not write. The message names history.db and what to do; the CLI prints it and exits 2.
 */
export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

/** The disk under the data dir is full (SQLite's SQLITE_FULL, or ENOSPC from a file write). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true;
  return error instanceof Error && /database or disk is full|no space left on device|ENOSPC/i.test(error.message);
}

/** Fewer free bytes than this on the data dir's disk count as full: SQLite then fails its -shm or WAL writes with an I/O error. */
const NEARLY_FULL_BYTES = 256 * 1024;

function freeBytes(dir: string): number | null {
  try {
    const stat = statfsSync(dir);
    return stat.bavail * stat.bsize;
  } catch {
    return null;
  }
}

/** SQLite failed to write (full disk, I/O error) rather than refusing bad input. */
export function isStorageFailure(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return isDiskFull(error) || code.startsWith('SQLITE_IOERR');
}

/** A write to the history failed: the disk is full (checked on the disk itself, as SQLite may report an I/O error), or what SQLite said. */
export function describeStorageFailure(error: unknown, dataDir: string): string {
  if (isDiskFull(error) || (freeBytes(dataDir) ?? Infinity) < NEARLY_FULL_BYTES) return diskFullMessage(dataDir);
  return `could not write to ${dataDir}/history.db: ${(error as Error).message}`;
}

export function isDiskFullText(text: string): boolean {
  return /database or disk is full|no space left on device|ENOSPC/i.test(text);
}

export function diskFullMessage(dataDir: string): string {
  return `the disk holding ${dataDir} is full (database or disk is full); free space on it, or use another --data-dir, and run again`;
}

export function damagedMessage(file: string, problem: string): string {
  return (
    `${file}: ${problem}. LayerLab will not write into it. Restore a copy (one made with \`layerlab backup\`), ` +
    `or move it aside (mv "${file}" "${file}.damaged") to start a new, empty history`
  );
}

export function readOnlyMessage(dataDir: string, reason: string): string {
  return (
    `the data dir ${dataDir} is read-only (${reason}): this command writes to history.db there, so it cannot run; ` +
    'use a writable --data-dir, or make this one writable. `layerlab list` and `layerlab show` still read it'
  );
}
