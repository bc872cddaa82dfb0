import type Database from 'better-sqlite3';

/** One task of a plan's Slurm job array: one attempt of one slot. */
export interface SlurmTaskRecord {
  runId: string;
  planId: string;
  slot: string;
  arm: string;
  seed: number;
  jobId: string;
  arrayIndex: number;
  /** The plan's folder on the shared filesystem (submission files, logs, run records). */
  planDir: string;
  submittedAt: string;
  cancelRequestedAt: string | null;
  /** Slurm's state once the task ended (COMPLETED, FAILED, CANCELLED, TIMEOUT, …). */
  finalState: string | null;
  finalReason: string | null;
  syncedAt: string | null;
}

interface Row {
  run_id: string;
  plan_id: string;
  slot: string;
  arm: string;
  seed: number;
  job_id: string;
  array_index: number;
  plan_dir: string;
  submitted_at: string;
  cancel_requested_at: string | null;
  final_state: string | null;
  final_reason: string | null;
  synced_at: string | null;
}

const toRecord = (row: Row): SlurmTaskRecord => ({
  runId: row.run_id,
  planId: row.plan_id,
  slot: row.slot,
  arm: row.arm,
  seed: row.seed,
  jobId: row.job_id,
  arrayIndex: row.array_index,
  planDir: row.plan_dir,
  submittedAt: row.submitted_at,
  cancelRequestedAt: row.cancel_requested_at,
  finalState: row.final_state,
  finalReason: row.final_reason,
  syncedAt: row.synced_at,
});

/** The Slurm tasks of plans (the submitting machine's record of what it sent). All SQL for them lives here. */
export class SlurmTaskStore {
  constructor(private readonly db: Database.Database) {}

  add(tasks: readonly Omit<SlurmTaskRecord, 'cancelRequestedAt' | 'finalState' | 'finalReason' | 'syncedAt'>[]): void {
    const insert = this.db.prepare(
      `INSERT INTO slurm_tasks (run_id, plan_id, slot, arm, seed, job_id, array_index, plan_dir, submitted_at)
       VALUES (@runId, @planId, @slot, @arm, @seed, @jobId, @arrayIndex, @planDir, @submittedAt)`,
    );
    this.db.transaction(() => {
      for (const task of tasks) insert.run(task);
    })();
  }

  /** Every task of the plan, oldest submission first. */
  ofPlan(planId: string): SlurmTaskRecord[] {
    return (this.db.prepare('SELECT * FROM slurm_tasks WHERE plan_id = ? ORDER BY submitted_at, rowid').all(planId) as Row[]).map(toRecord);
  }

  get(runId: string): SlurmTaskRecord | undefined {
    const row = this.db.prepare('SELECT * FROM slurm_tasks WHERE run_id = ?').get(runId) as Row | undefined;
    return row && toRecord(row);
  }

  markCancelRequested(runId: string, at = new Date()): void {
    this.db.prepare('UPDATE slurm_tasks SET cancel_requested_at = coalesce(cancel_requested_at, ?) WHERE run_id = ?').run(at.toISOString(), runId);
  }

  setFinalState(runId: string, state: string, reason: string | null): void {
    this.db.prepare('UPDATE slurm_tasks SET final_state = ?, final_reason = ? WHERE run_id = ?').run(state, reason, runId);
  }

  markSynced(runId: string, at = new Date()): void {
    this.db.prepare('UPDATE slurm_tasks SET synced_at = ? WHERE run_id = ?').run(at.toISOString(), runId);
  }
}
