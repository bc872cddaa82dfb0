import type { Migration } from '../migrate';

/**
 * Studies: an experiment of kind 'study' whose runs are paired variants × seeds. `study_key` identifies
 * the template and options, so starting the same study again finds it and resumes it. A slot
 * (variant, seed) may hold several runs: a resumed study adds a new run for a slot whose run crashed.
 */
export const migration002Studies: Migration = {
  version: 2,
  name: 'studies',
  sql: `
    CREATE TABLE studies (
      experiment_id TEXT PRIMARY KEY REFERENCES experiments(id) ON DELETE CASCADE,
      study_key TEXT NOT NULL UNIQUE,
      template_id TEXT NOT NULL,
      template_json TEXT NOT NULL,
      options_json TEXT NOT NULL
    );

    CREATE TABLE study_runs (
      experiment_id TEXT NOT NULL REFERENCES studies(experiment_id) ON DELETE CASCADE,
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      variant TEXT NOT NULL,
      seed INTEGER NOT NULL,
      PRIMARY KEY (experiment_id, run_id)
    );
    CREATE INDEX study_runs_slot ON study_runs (experiment_id, variant, seed);
  `,
};
