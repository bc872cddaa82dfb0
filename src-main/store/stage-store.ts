import type Database from 'better-sqlite3';
import type { StageInfo, StageStatus } from '../../src-shared/api/run';
import type { StageDef } from '../../src-shared/procedures/types';

interface StageRow {
  idx: number;
  name: string;
  label: string;
  kind: StageDef['kind'];
  epochs: number;
  status: StageStatus;
  epochs_done: number;
  started_at: string | null;
  ended_at: string | null;
}

function toStageInfo(row: StageRow): StageInfo {
  return {
    index: row.idx,
    name: row.name,
    label: row.label,
    kind: row.kind,
    epochs: row.epochs,
    status: row.status,
    epochsDone: row.epochs_done,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

/** The stages of each run: planned when the run is created, begun and ended as the trainer reports. All SQL for stages lives here. */
export class StageStore {
  constructor(private readonly db: Database.Database) {}

  plan(runId: string, stages: readonly StageDef[]): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO stages (run_id, idx, name, label, kind, epochs) VALUES (?, ?, ?, ?, ?, ?)');
    stages.forEach((stage, index) => insert.run(runId, index, stage.name, stage.label, stage.kind, stage.epochs));
  }

  begin(runId: string, index: number, at = new Date()): void {
    this.db.prepare(`UPDATE stages SET status = 'running', started_at = coalesce(started_at, ?) WHERE run_id = ? AND idx = ?`).run(at.toISOString(), runId, index);
  }

  end(runId: string, index: number, status: Exclude<StageStatus, 'pending' | 'running'>, epochsDone: number, at = new Date()): void {
    this.db
      .prepare('UPDATE stages SET status = ?, epochs_done = max(epochs_done, ?), ended_at = ? WHERE run_id = ? AND idx = ?')
      .run(status, epochsDone, at.toISOString(), runId, index);
  }

  setEpochsDone(runId: string, index: number, epochsDone: number): void {
    this.db.prepare('UPDATE stages SET epochs_done = max(epochs_done, ?) WHERE run_id = ? AND idx = ?').run(epochsDone, runId, index);
  }

  /** A run that ended while a stage was running or pending: the running one takes the run's end, the pending ones stay pending. */
  closeOpen(runId: string, status: 'stopped' | 'failed', at = new Date()): void {
    this.db.prepare(`UPDATE stages SET status = ?, ended_at = ? WHERE run_id = ? AND status = 'running'`).run(status, at.toISOString(), runId);
  }

  of(runId: string): StageInfo[] {
    return (this.db.prepare('SELECT * FROM stages WHERE run_id = ? ORDER BY idx').all(runId) as StageRow[]).map(toStageInfo);
  }

  get(runId: string, index: number): StageInfo | undefined {
    const row = this.db.prepare('SELECT * FROM stages WHERE run_id = ? AND idx = ?').get(runId, index) as StageRow | undefined;
    return row && toStageInfo(row);
  }
}
