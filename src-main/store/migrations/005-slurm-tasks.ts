import type { Migration } from '../migrate';

/**
 * Plan slots sent to a Slurm cluster: one row per task (one attempt of a slot), keyed by the run id the
 * task's record folder and, once synced, its run carry. The run row itself only appears when the record is
 * synced home, so nothing here references `runs`. `final_state` keeps Slurm's verdict once the task ended,
 * so the plan's states survive Slurm forgetting the job.
 */
export const migration005SlurmTasks: Migration = {
  version: 5,
  name: 'slurm-tasks',
  sql: `
    CREATE TABLE slurm_tasks (
      run_id TEXT PRIMARY KEY,
      plan_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      slot TEXT NOT NULL,
      arm TEXT NOT NULL,
      seed INTEGER NOT NULL,
      job_id TEXT NOT NULL,
      array_index INTEGER NOT NULL,
      plan_dir TEXT NOT NULL,
      submitted_at TEXT NOT NULL,
      cancel_requested_at TEXT,
      final_state TEXT,
      final_reason TEXT,
      synced_at TEXT
    );
    CREATE INDEX slurm_tasks_plan ON slurm_tasks (plan_id, slot);
  `,
};
