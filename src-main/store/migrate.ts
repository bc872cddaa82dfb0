import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3 … in file order; the database's `PRAGMA user_version` is the last one applied. */
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Applies every migration newer than `PRAGMA user_version`, each in its own transaction. Returns the versions applied. */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(`migration "${migration.name}" is numbered ${migration.version}, expected ${index + 1}`);
    }
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new MigrationError(
      `the history database is at schema version ${current}, newer than this LayerLab knows (${latest}); update LayerLab or use another --data-dir`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
