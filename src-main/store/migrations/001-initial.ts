import type { Migration } from '../migrate';

/** The schema after MLflow's tracking store: experiments, runs, params, tags, metrics, latest_metrics, artifacts. */
export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE experiments (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL DEFAULT 'manual',
      description TEXT NOT NULL DEFAULT '',
      spec_json TEXT,
      config_json TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      experiment_id TEXT REFERENCES experiments(id) ON DELETE SET NULL,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'crashed', 'diverged', 'stopped')),
      spec_json TEXT NOT NULL,
      config_json TEXT NOT NULL,
      dataset_ref_json TEXT NOT NULL,
      dataset_name TEXT NOT NULL,
      dataset_fingerprint TEXT,
      dataset_info_json TEXT,
      seed INTEGER NOT NULL,
      backend TEXT,
      backend_info_json TEXT,
      app_version TEXT NOT NULL,
      owner_pid INTEGER,
      trainer_pid INTEGER,
      created_at TEXT NOT NULL,
      started_at TEXT,
      ended_at TEXT,
      heartbeat_at TEXT,
      wall_ms INTEGER,
      epochs INTEGER NOT NULL,
      epochs_done INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      note TEXT NOT NULL DEFAULT '',
      test_errors INTEGER,
      test_error_rate REAL,
      test_rmse REAL,
      test_mae REAL,
      test_loss REAL,
      final_loss REAL
    );
    CREATE INDEX runs_created_at ON runs (created_at);
    CREATE INDEX runs_experiment ON runs (experiment_id);
    CREATE INDEX runs_status ON runs (status);

    CREATE TABLE params (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (run_id, key)
    );

    CREATE TABLE tags (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (run_id, tag)
    );

    -- value is NULL where the trainer reported NaN (SQLite stores NaN as NULL).
    CREATE TABLE metrics (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      step INTEGER NOT NULL,
      epoch REAL NOT NULL,
      wall_ms REAL NOT NULL,
      value REAL
    );
    CREATE INDEX metrics_run_key_step ON metrics (run_id, key, step);

    CREATE TABLE latest_metrics (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      step INTEGER NOT NULL,
      value REAL,
      PRIMARY KEY (run_id, key)
    );

    CREATE TABLE artifacts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      path TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX artifacts_run ON artifacts (run_id);
  `,
};
