import type { Migration } from '../migrate';

/**
 * Procedures and stages: a run names its procedure (NULL: backprop, as every run stored before); its
 * stages are rows of `stages`; metric points and artifacts carry the stage that recorded them (0 for
 * older rows). Steps may start again at 0 in each stage, so series order by (stage, step) and the
 * latest value of a key is the one of the highest (stage, step).
 */
export const migration004Procedures: Migration = {
  version: 4,
  name: 'procedures',
  sql: `
    ALTER TABLE runs ADD COLUMN procedure_json TEXT;

    ALTER TABLE metrics ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;
    DROP INDEX metrics_run_key_step;
    CREATE INDEX metrics_run_key_stage_step ON metrics (run_id, key, stage, step);

    ALTER TABLE latest_metrics ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;

    ALTER TABLE artifacts ADD COLUMN stage INTEGER;

    CREATE TABLE stages (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      name TEXT NOT NULL,
      label TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('epochs', 'solve', 'evaluate')),
      epochs INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'stopped', 'failed')),
      epochs_done REAL NOT NULL DEFAULT 0,
      started_at TEXT,
      ended_at TEXT,
      PRIMARY KEY (run_id, idx)
    );
  `,
};
