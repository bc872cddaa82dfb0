import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { applyMigrations, type Migration } from '../../../src-main/store/migrate';
import { MIGRATIONS } from '../../../src-main/store/migrations';
import { tempDataDir } from './fixtures';

function tableNames(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map(
    (row) => row.name,
  );
}

describe('migrations', () => {
  it('migrate an empty file to the latest user_version with every table, in WAL mode with foreign keys', () => {
    const file = join(tempDataDir(), 'history.db');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tableNames(db)).toEqual(['artifacts', 'experiments', 'latest_metrics', 'metric_columns', 'metrics', 'params', 'runs', 'slurm_tasks', 'stages', 'studies', 'study_runs', 'tags']);
    const indexes = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'metrics_run_key_stage_step'`).get() as { sql: string };
    expect(indexes.sql).toMatch(/metrics \(run_id, key, stage, step\)/);
    db.close();
  });

  it('apply only the migrations newer than user_version, and nothing on reopen', () => {
    const db = new Database(join(tempDataDir(), 'm.db'));
    const steps: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER)' },
    ];
    expect(applyMigrations(db, steps.slice(0, 1))).toEqual([1]);
    expect(applyMigrations(db, steps)).toEqual([2]);
    expect(applyMigrations(db, steps)).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('roll back a failing migration entirely, leaving user_version where it was', () => {
    const db = new Database(join(tempDataDir(), 'm.db'));
    const broken: Migration[] = [{ version: 1, name: 'broken', sql: 'CREATE TABLE ok (x INTEGER); CREATE TABLE ok (x INTEGER);' }];
    expect(() => applyMigrations(db, broken)).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tableNames(db)).toEqual([]);
  });

  it('refuse a database from a newer LayerLab', () => {
    const db = new Database(join(tempDataDir(), 'm.db'));
    db.pragma('user_version = 99');
    expect(() => applyMigrations(db, MIGRATIONS)).toThrow(/schema version 99, newer than this LayerLab knows/);
  });

  it('reject a status outside the lifecycle', () => {
    const db = openDatabase(join(tempDataDir(), 'history.db'));
    expect(() =>
      db
        .prepare(
          `INSERT INTO runs (id, name, status, spec_json, config_json, dataset_ref_json, dataset_name, seed, app_version, created_at, epochs)
           VALUES ('r', 'n', 'exploded', '{}', '{}', '{}', 'mnist', 1, 'v', 'now', 1)`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });
});
