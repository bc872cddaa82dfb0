import type { Migration } from '../migrate';

/**
 * Resuming: a run continued from another run's checkpoint names that run (`parent_run_id`) and where in it
 * it began (`resume_epoch`, fractional as metric epochs are, and `resume_step`, the steps already done).
 * Artifacts saved partway through a run (a checkpoint, or a crashed run's weights taken from it) say when.
 */
export const migration003Resume: Migration = {
  version: 3,
  name: 'resume',
  sql: `
    ALTER TABLE runs ADD COLUMN parent_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL;
    ALTER TABLE runs ADD COLUMN resume_epoch REAL;
    ALTER TABLE runs ADD COLUMN resume_step INTEGER;
    CREATE INDEX runs_parent ON runs (parent_run_id);

    ALTER TABLE artifacts ADD COLUMN epoch REAL;
    ALTER TABLE artifacts ADD COLUMN step INTEGER;
  `,
};
