import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { BackendInfo } from '../../src-shared/api/backend';
import type { MetricPoint, MetricSeries } from '../../src-shared/api/metrics';
import type { ArtifactInfo, DatasetRef, DatasetSummary, RunDetail, RunResult, RunStatus, RunSummary } from '../../src-shared/api/run';
import type { TrainConfig } from '../../src-shared/config/schema';
import type { ModelSpec } from '../../src-shared/network/types';
import { ARTIFACT_KINDS, type ProcedureRef, type StageDef } from '../../src-shared/procedures/types';
import type { CheckpointInspector } from './checkpoint-inspector';
import { openDatabase } from './database';
import { ExperimentStore } from './experiment-store';
import { StudyStore } from './study-store';
import { StageStore } from './stage-store';
import { SlurmTaskStore } from './slurm-task-store';
import { summaryOf, toArtifactInfo, toRunDetail, toRunSummary, type ArtifactRow, type RunRow, type SummaryRow } from './run-rows';
import { CurveStore } from './curve-store';
import { filterSql, pageBounds, pageSql, SUMMARY_COLUMNS } from './run-page-query';
import type { DeleteRunsResult, RunPage, RunPageQuery } from '../../src-shared/api/run-page';
import { isProcessAlive } from './process-alive';
import { requireWritable } from './history-checks';

export const HISTORY_FILE = 'history.db';
export const INTERRUPTED_RUN_ERROR = 'LayerLab stopped while this run was running';
export const INTERRUPTED_QUEUED_ERROR = 'LayerLab stopped before this queued run could start';

/** RunManager beats every few seconds; a running run silent this long has no live owner. */
export const STALE_HEARTBEAT_MS = 120_000;

export interface NewRun {
  id?: string;
  name: string;
  experimentId?: string | null;
  spec: ModelSpec;
  config: TrainConfig;
  datasetRef: DatasetRef;
  /** Absent: backprop. Stored as given (params parsed, defaults filled in). */
  procedure?: ProcedureRef;
  /** The stages the procedure will run, planned now so the run view can show them before they begin. */
  stages?: readonly StageDef[];
  appVersion: string;
  /** Flattened settings (dotted key → JSON text) for the compare view. */
  params: Record<string, string>;
  tags?: string[];
  note?: string;
  /** A run resumed from another run's checkpoint: that run, and the epochs (fractional) and steps done there. */
  resumedFrom?: { runId: string; epoch: number; step: number };
  /** A run that will resume from this run's checkpoint; where it begins comes later (recordResumePoint). */
  parentRunId?: string;
}

export interface RunFilter {
  /** Matches name, id prefix, dataset, note and tags. */
  search?: string;
  status?: RunStatus;
  experimentId?: string;
  limit?: number;
}

export interface NewArtifact {
  kind: string;
  name: string;
  /** Relative to the data dir. */
  path: string;
  bytes: number;
  /** When it was saved partway through training: epochs done (fractional) and steps done. */
  epoch?: number | null;
  step?: number | null;
  /** The stage that saved it. */
  stage?: number | null;
}

export interface RunStoreOptions {
  /** The process that owns runs this store creates; runs of a dead owner are recovered on open. Default: this process. */
  ownerPid?: number;
  /** Only read: nothing is created, migrated or recovered. */
  readOnly?: boolean;
  /** Reads where a checkpoint is from (services/checkpoint-inspector.ts); without it no checkpoint rows are kept. */
  checkpoints?: CheckpointInspector;
}

/** The run history: one SQLite file `history.db` plus `artifacts/` under the data dir. All SQL for runs lives here. */
export class RunStore {
  readonly experiments: ExperimentStore;
  readonly studies: StudyStore;
  readonly stages: StageStore;
  readonly slurmTasks: SlurmTaskStore;
  readonly curves: CurveStore;
  private readonly ownerPid: number;
  private readonly checkpoints: CheckpointInspector | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly db: Database.Database,
    options: RunStoreOptions,
  ) {
    this.ownerPid = options.ownerPid ?? process.pid;
    this.checkpoints = options.checkpoints;
    this.experiments = new ExperimentStore(db);
    this.studies = new StudyStore(db, this.experiments);
    this.stages = new StageStore(db);
    this.slurmTasks = new SlurmTaskStore(db);
    this.curves = new CurveStore(db);
  }

  /**
   * Opens the history in `dataDir` (creating it), migrates it and recovers runs whose process died. With
   * `readOnly` it only reads an existing history (list, show in a read-only data dir); otherwise a data dir
   * LayerLab may not write is refused up front, naming it.
   */
  static open(dataDir: string, options: RunStoreOptions = {}): RunStore {
    const dir = resolve(dataDir);
    if (options.readOnly) return new RunStore(dir, openDatabase(join(dir, HISTORY_FILE), { readOnly: true }), options);
    requireWritable(dir);
    mkdirSync(join(dir, 'artifacts'), { recursive: true });
    const store = new RunStore(dir, openDatabase(join(dir, HISTORY_FILE)), options);
    store.recoverInterrupted();
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** Absolute folder for a run's artifacts. */
  artifactDir(runId: string): string {
    return join(this.dataDir, 'artifacts', runId);
  }

  createRun(input: NewRun): RunSummary {
    const id = input.id ?? randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO runs (id, experiment_id, name, status, spec_json, config_json, dataset_ref_json, dataset_name,
             seed, app_version, owner_pid, created_at, epochs, note, parent_run_id, resume_epoch, resume_step, epochs_done, procedure_json)
           VALUES (@id, @experimentId, @name, 'queued', @spec, @config, @datasetRef, @datasetName,
             @seed, @appVersion, @ownerPid, @now, @epochs, @note, @parentRunId, @resumeEpoch, @resumeStep, @epochsDone, @procedure)`,
        )
        .run({
          id,
          experimentId: input.experimentId ?? null,
          name: input.name,
          spec: JSON.stringify(input.spec),
          config: JSON.stringify(input.config),
          datasetRef: JSON.stringify(input.datasetRef),
          datasetName: input.datasetRef.name,
          seed: input.config.seed,
          appVersion: input.appVersion,
          ownerPid: this.ownerPid,
          now,
          epochs: input.config.epochs,
          note: input.note ?? '',
          parentRunId: input.resumedFrom?.runId ?? input.parentRunId ?? null,
          resumeEpoch: input.resumedFrom?.epoch ?? null,
          resumeStep: input.resumedFrom?.step ?? null,
          epochsDone: Math.floor(input.resumedFrom?.epoch ?? 0),
          procedure: input.procedure ? JSON.stringify(input.procedure) : null,
        });
      if (input.stages) this.stages.plan(id, input.stages);
      const insertParam = this.db.prepare('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
      for (const [key, value] of Object.entries(input.params)) insertParam.run(id, key, value);
      this.replaceTags(id, input.tags ?? []);
    })();
    return this.requireSummary(id);
  }

  /** The trainer process for this run was launched (at `at`: an imported run record's start). */
  markRunning(runId: string, trainerPid: number | null, at: Date = new Date()): void {
    const now = at.toISOString();
    this.db
      .prepare(`UPDATE runs SET status = 'running', started_at = ?, heartbeat_at = ?, trainer_pid = ? WHERE id = ?`)
      .run(now, now, trainerPid, runId);
  }

  /** The trainer reported its backend and the data it loaded. */
  markStarted(runId: string, backend: BackendInfo, dataset: DatasetSummary): void {
    this.db
      .prepare(
        `UPDATE runs SET backend = ?, backend_info_json = ?, dataset_fingerprint = ?, dataset_info_json = ?, heartbeat_at = ?
         WHERE id = ?`,
      )
      .run(backend.name, JSON.stringify(backend), dataset.fingerprint, JSON.stringify(dataset), new Date().toISOString(), runId);
  }

  heartbeat(runId: string, at: Date = new Date()): void {
    this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(at.toISOString(), runId);
  }

  setEpochsDone(runId: string, epochsDone: number): void {
    this.db.prepare('UPDATE runs SET epochs_done = max(epochs_done, ?) WHERE id = ?').run(epochsDone, runId);
  }

  /** Writes a batch of metric points in one transaction and keeps latest_metrics current. */
  appendMetrics(runId: string, points: readonly MetricPoint[]): void {
    if (points.length === 0) return;
    const insert = this.db.prepare('INSERT INTO metrics (run_id, key, stage, step, epoch, wall_ms, value) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const latest = this.db.prepare(
      `INSERT INTO latest_metrics (run_id, key, stage, step, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id, key) DO UPDATE SET stage = excluded.stage, step = excluded.step, value = excluded.value
       WHERE excluded.stage > latest_metrics.stage OR (excluded.stage = latest_metrics.stage AND excluded.step >= latest_metrics.step)`,
    );
    const latestPerKey = new Map<string, MetricPoint>();
    const later = (a: MetricPoint, b: MetricPoint) => (a.stage ?? 0) > (b.stage ?? 0) || ((a.stage ?? 0) === (b.stage ?? 0) && a.step >= b.step);
    for (const point of points) {
      const seen = latestPerKey.get(point.key);
      if (!seen || later(point, seen)) latestPerKey.set(point.key, point);
    }
    this.db.transaction(() => {
      this.curves.invalidate(runId);
      for (const point of points) insert.run(runId, point.key, point.stage ?? 0, point.step, point.epoch, point.wallMs, point.value);
      for (const point of latestPerKey.values()) latest.run(runId, point.key, point.stage ?? 0, point.step, point.value);
    })();
  }

  recordArtifact(runId: string, artifact: NewArtifact): ArtifactInfo {
    const createdAt = new Date().toISOString();
    const epoch = artifact.epoch ?? null;
    const step = artifact.step ?? null;
    const stage = artifact.stage ?? null;
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO artifacts (run_id, kind, name, path, bytes, created_at, epoch, step, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, artifact.kind, artifact.name, artifact.path, artifact.bytes, createdAt, epoch, step, stage);
    return { id: Number(lastInsertRowid), ...artifact, createdAt, epoch, step, stage };
  }

  /**
   * Keeps the last checkpoint of a run that ended without completing (the trainer writes it under
   * artifacts/<runId>/): recorded as the run's 'checkpoint' artifact, and as its weights when it has no
   * final weights, with the epoch and step it is from. The inspector only peeks at the file (this runs on
   * main); the trainer that resumes from it verifies it whole. A checkpoint cut short is named in the run's
   * error, as is one whose epoch is unknown.
   */
  private keepCheckpoint(runId: string): void {
    if (!this.checkpoints) return;
    const path = join('artifacts', runId, this.checkpoints.fileName);
    const file = join(this.dataDir, path);
    if (!existsSync(file)) return;
    const glimpse = this.checkpoints.inspect(file);
    if (!glimpse.usable) {
      this.appendError(runId, `its last checkpoint cannot be used: ${glimpse.reason}`);
      return;
    }
    const { bytes, epoch, step, stage, unknownBecause } = glimpse;
    const artifact = { name: this.checkpoints.fileName, path, bytes, epoch, step, stage };
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM artifacts WHERE run_id = ? AND kind = 'checkpoint'`).run(runId);
      this.recordArtifact(runId, { kind: 'checkpoint', ...artifact });
      const hasWeights = this.db.prepare(`SELECT 1 FROM artifacts WHERE run_id = ? AND kind = 'weights'`).get(runId);
      if (!hasWeights) this.recordArtifact(runId, { kind: 'weights', ...artifact });
      if (unknownBecause) this.appendError(runId, `its last checkpoint was kept, from an unknown epoch: ${unknownBecause}`);
    })();
  }

  private appendError(runId: string, message: string): void {
    this.db.prepare(`UPDATE runs SET error = coalesce(error || '; ', '') || ? WHERE id = ?`).run(message, runId);
  }

  /**
   * Where a resumed run began (the epochs, fractional, and steps done), with the parent's training
   * metrics before that step copied to it. Only the first call counts: the trainer's report of where it
   * resumed is recorded when main did not know the checkpoint's position beforehand.
   */
  recordResumePoint(runId: string, point: { epoch: number; step: number; stage?: number }): void {
    this.db.transaction(() => {
      const { changes } = this.db
        .prepare('UPDATE runs SET resume_epoch = ?, resume_step = ?, epochs_done = max(epochs_done, ?) WHERE id = ? AND resume_step IS NULL')
        .run(point.epoch, point.step, Math.floor(point.epoch), runId);
      const parentId = this.getRow(runId)?.parent_run_id;
      if (changes > 0 && parentId) {
        this.copyMetricsBefore(parentId, runId, point.step, point.stage ?? 0);
        if (point.stage) this.copyStageArtifacts(parentId, runId, point.stage);
      }
    })();
  }

  /** The viewable artifacts (JSON files) the parent's finished stages saved: a run resumed at a later stage shows them too. */
  private copyStageArtifacts(fromRunId: string, toRunId: string, beforeStage: number): void {
    const rows = this.db
      .prepare(`SELECT * FROM artifacts WHERE run_id = ? AND stage < ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(fromRunId, beforeStage, JSON.stringify(ARTIFACT_KINDS)) as ArtifactRow[];
    for (const row of rows) {
      const path = join('artifacts', toRunId, basename(row.path));
      const source = resolve(this.dataDir, row.path);
      if (!source.startsWith(this.dataDir + sep) || !existsSync(source)) continue;
      mkdirSync(this.artifactDir(toRunId), { recursive: true });
      copyFileSync(source, join(this.dataDir, path));
      this.recordArtifact(toRunId, { kind: row.kind, name: row.name, path, bytes: row.bytes, stage: row.stage });
    }
  }

  /**
   * Copies a run's training metrics before (`stage`, `step`) (not its test results) to another run: a resumed
   * run's history up to its checkpoint, the earlier stages' points included.
   */
  copyMetricsBefore(fromRunId: string, toRunId: string, step: number, stage = 0): number {
    const rows = this.db
      .prepare(
        `SELECT key, stage, step, epoch, wall_ms, value FROM metrics
         WHERE run_id = @run AND (stage < @stage OR (stage = @stage AND step < @step)) AND key NOT LIKE 'test/%' ORDER BY rowid`,
      )
      .all({ run: fromRunId, stage, step }) as { key: string; stage: number; step: number; epoch: number; wall_ms: number; value: number | null }[];
    this.appendMetrics(
      toRunId,
      rows.map((row) => ({ key: row.key, stage: row.stage, step: row.step, epoch: row.epoch, wallMs: row.wall_ms, value: row.value ?? Number.NaN })),
    );
    return rows.length;
  }

  /** The run ended (at `outcome.endedAt`, an imported run record's end; now otherwise); its wall time is the result's or the time since it started. */
  finishRun(runId: string, status: Exclude<RunStatus, 'queued' | 'running'>, outcome: { result?: RunResult; error?: string; endedAt?: Date } = {}): void {
    const now = outcome.endedAt ?? new Date();
    const row = this.requireRow(runId);
    const result = outcome.result;
    const wallMs = result?.wallMs ?? (row.started_at ? now.getTime() - Date.parse(row.started_at) : null);
    this.db
      .prepare(
        `UPDATE runs SET status = @status, ended_at = @now, heartbeat_at = @now, wall_ms = @wallMs, error = @error,
           epochs_done = max(epochs_done, @epochsDone),
           test_errors = @testErrors, test_error_rate = @testErrorRate, test_rmse = @testRmse, test_mae = @testMae,
           test_loss = @testLoss, final_loss = @finalLoss
         WHERE id = @id`,
      )
      .run({
        id: runId,
        status,
        now: now.toISOString(),
        wallMs: wallMs === null ? null : Math.round(wallMs),
        error: outcome.error ?? null,
        epochsDone: result?.epochs ?? 0,
        testErrors: result?.testErrors ?? null,
        testErrorRate: result?.testErrorRate ?? null,
        testRmse: result?.testRmse ?? null,
        testMae: result?.testMae ?? null,
        testLoss: result?.testLoss ?? null,
        finalLoss: result?.finalLoss ?? null,
      });
    if (status !== 'completed') {
      this.stages.closeOpen(runId, status === 'stopped' ? 'stopped' : 'failed', now);
      this.keepCheckpoint(runId);
    }
    this.curves.pack(runId);
  }

  markCrashed(runId: string, error: string): void {
    this.finishRun(runId, 'crashed', { error });
  }

  /**
   * Marks as 'crashed' the runs left 'running' or 'queued' by a process that is no longer alive, and
   * running runs whose heartbeat stopped (their owner's pid may have been reused). Returns their ids.
   */
  recoverInterrupted(): string[] {
    const rows = this.db
      .prepare(`SELECT id, status, owner_pid, heartbeat_at FROM runs WHERE status IN ('running', 'queued')`)
      .all() as Pick<RunRow, 'id' | 'status' | 'owner_pid' | 'heartbeat_at'>[];
    const staleBefore = Date.now() - STALE_HEARTBEAT_MS;
    const orphans = rows.filter(
      (row) =>
        row.owner_pid === null ||
        !isProcessAlive(row.owner_pid) ||
        (row.status === 'running' && row.heartbeat_at !== null && Date.parse(row.heartbeat_at) < staleBefore),
    );
    for (const row of orphans) {
      this.markCrashed(row.id, row.status === 'running' ? INTERRUPTED_RUN_ERROR : INTERRUPTED_QUEUED_ERROR);
    }
    return orphans.map((row) => row.id);
  }

  listRuns(filter: RunFilter = {}): RunSummary[] {
    const { where, args } = filterSql(filter);
    const rows = this.db
      .prepare(
        `SELECT * FROM runs ${where}
         ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
      )
      .all({ ...args, limit: filter.limit ?? -1 }) as RunRow[];
    return rows.map((row) => toRunSummary(row, this.tagsOf(row.id)));
  }

  /** One page of runs, sorted and filtered in SQL; the summaries' columns only, tags in one query. */
  pageRuns(query: RunPageQuery = {}): RunPage {
    const { where, orderBy, args } = pageSql(query);
    const { offset, limit } = pageBounds(query);
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs ${where} ORDER BY ${orderBy} LIMIT @limit OFFSET @offset`)
      .all({ ...args, limit, offset }) as SummaryRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM runs ${where}`).get(args) as { n: number }).n;
    const all = where ? (this.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n : total;
    const tags = this.tagsOfMany(rows.map((row) => row.id));
    return { runs: rows.map((row) => summaryOf(row, tags.get(row.id) ?? [])), total, all, offset };
  }

  /** Deletes the runs that are not queued or running (those are kept and named), in one transaction, then their files. */
  deleteRuns(runIds: readonly string[]): DeleteRunsResult {
    const result: DeleteRunsResult = { deleted: [], kept: [], missing: [] };
    const artifacts: ArtifactInfo[] = [];
    this.db.transaction(() => {
      const remove = this.db.prepare(`DELETE FROM runs WHERE id = ? AND status NOT IN ('queued', 'running')`);
      for (const runId of new Set(runIds)) {
        const row = this.db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: RunStatus } | undefined;
        if (!row) result.missing.push(runId);
        else if (row.status === 'queued' || row.status === 'running') result.kept.push({ runId, status: row.status });
        else {
          artifacts.push(...this.artifactsOf(runId));
          remove.run(runId);
          result.deleted.push(runId);
        }
      }
    })();
    for (const artifact of artifacts) this.removeInsideDataDir(artifact.path);
    for (const runId of result.deleted) rmSync(this.artifactDir(runId), { recursive: true, force: true });
    return result;
  }

  getSummary(runId: string): RunSummary | undefined {
    const row = this.getRow(runId);
    return row && toRunSummary(row, this.tagsOf(runId));
  }

  getRun(runId: string): RunDetail | undefined {
    const row = this.getRow(runId);
    if (!row) return undefined;
    return toRunDetail(row, this.tagsOf(runId), this.paramsOf(runId), this.artifactsOf(runId), this.stages.of(runId));
  }

  /** Metric series of a run, each ordered by (stage, step); NaN where the trainer reported a non-number. */
  getMetrics(runId: string, keys?: readonly string[]): MetricSeries {
    const rows = (
      keys && keys.length
        ? this.db
            .prepare(
              `SELECT key, stage, step, epoch, wall_ms, value FROM metrics WHERE run_id = ? AND key IN (SELECT value FROM json_each(?))
               ORDER BY key, stage, step, rowid`,
            )
            .all(runId, JSON.stringify(keys))
        : this.db.prepare('SELECT key, stage, step, epoch, wall_ms, value FROM metrics WHERE run_id = ? ORDER BY key, stage, step, rowid').all(runId)
    ) as { key: string; stage: number; step: number; epoch: number; wall_ms: number; value: number | null }[];
    const series: MetricSeries = {};
    for (const row of rows) {
      const point = { step: row.step, epoch: row.epoch, wallMs: row.wall_ms, value: row.value ?? Number.NaN };
      (series[row.key] ??= []).push(row.stage === 0 ? point : { stage: row.stage, ...point });
    }
    return series;
  }

  /** Latest value of every metric key of a run. */
  getLatestMetrics(runId: string): Record<string, { step: number; value: number }> {
    const rows = this.db.prepare('SELECT key, step, value FROM latest_metrics WHERE run_id = ?').all(runId) as {
      key: string;
      step: number;
      value: number | null;
    }[];
    return Object.fromEntries(rows.map((row) => [row.key, { step: row.step, value: row.value ?? Number.NaN }]));
  }

  countMetrics(runId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM metrics WHERE run_id = ?').get(runId) as { n: number }).n;
  }

  updateRun(runId: string, changes: { name?: string; tags?: string[]; note?: string }): RunSummary {
    this.requireRow(runId);
    this.db.transaction(() => {
      if (changes.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(changes.name, runId);
      if (changes.note !== undefined) this.db.prepare('UPDATE runs SET note = ? WHERE id = ?').run(changes.note, runId);
      if (changes.tags !== undefined) this.replaceTags(runId, changes.tags);
    })();
    return this.requireSummary(runId);
  }

  /** Deletes the run, its metrics, params, tags, artifact rows and artifact files. Returns false if there was no such run. */
  deleteRun(runId: string): boolean {
    const row = this.getRow(runId);
    if (!row) return false;
    const artifacts = this.artifactsOf(runId);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    for (const artifact of artifacts) this.removeInsideDataDir(artifact.path);
    rmSync(this.artifactDir(runId), { recursive: true, force: true });
    return true;
  }

  private removeInsideDataDir(relativePath: string): void {
    const absolute = resolve(this.dataDir, relativePath);
    if (absolute.startsWith(this.dataDir + sep)) rmSync(absolute, { recursive: true, force: true });
  }

  private replaceTags(runId: string, tags: readonly string[]): void {
    this.db.prepare('DELETE FROM tags WHERE run_id = ?').run(runId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO tags (run_id, tag) VALUES (?, ?)');
    for (const tag of tags) if (tag.trim()) insert.run(runId, tag.trim());
  }

  private getRow(runId: string): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  private requireRow(runId: string): RunRow {
    const row = this.getRow(runId);
    if (!row) throw new RunNotFoundError(runId);
    return row;
  }

  private requireSummary(runId: string): RunSummary {
    return toRunSummary(this.requireRow(runId), this.tagsOf(runId));
  }

  private tagsOf(runId: string): string[] {
    return (this.db.prepare('SELECT tag FROM tags WHERE run_id = ? ORDER BY tag').all(runId) as { tag: string }[]).map((r) => r.tag);
  }

  private tagsOfMany(runIds: readonly string[]): Map<string, string[]> {
    const byRun = new Map<string, string[]>();
    if (runIds.length === 0) return byRun;
    const rows = this.db
      .prepare('SELECT run_id, tag FROM tags WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY tag')
      .all(JSON.stringify(runIds)) as { run_id: string; tag: string }[];
    for (const row of rows) {
      const tags = byRun.get(row.run_id);
      if (tags) tags.push(row.tag);
      else byRun.set(row.run_id, [row.tag]);
    }
    return byRun;
  }

  private paramsOf(runId: string): Record<string, string> {
    const rows = this.db.prepare('SELECT key, value FROM params WHERE run_id = ? ORDER BY key').all(runId) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  /** One artifact of a run by id; undefined when the run has no such artifact. */
  getArtifact(runId: string, artifactId: number): ArtifactInfo | undefined {
    const row = this.db.prepare('SELECT * FROM artifacts WHERE run_id = ? AND id = ?').get(runId, artifactId) as ArtifactRow | undefined;
    return row && toArtifactInfo(row);
  }

  private artifactsOf(runId: string): ArtifactInfo[] {
    return (this.db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(runId) as ArtifactRow[]).map(toArtifactInfo);
  }
}

export class RunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`no run with id "${runId}"`);
    this.name = 'RunNotFoundError';
  }
}
