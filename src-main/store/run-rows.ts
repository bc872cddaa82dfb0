import type { BackendInfo } from '../../src-shared/api/backend';
import type { ArtifactInfo, DatasetSummary, RunDetail, RunStatus, RunSummary, StageInfo } from '../../src-shared/api/run';
import type { ProcedureRef } from '../../src-shared/procedures/types';
import type { TrainConfig } from '../../src-shared/config/schema';

/** A row of `runs` exactly as SQLite returns it. */
export interface RunRow {
  id: string;
  experiment_id: string | null;
  name: string;
  status: RunStatus;
  spec_json: string;
  config_json: string;
  dataset_ref_json: string;
  dataset_name: string;
  dataset_fingerprint: string | null;
  dataset_info_json: string | null;
  seed: number;
  backend: string | null;
  backend_info_json: string | null;
  app_version: string;
  owner_pid: number | null;
  trainer_pid: number | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  heartbeat_at: string | null;
  wall_ms: number | null;
  epochs: number;
  epochs_done: number;
  error: string | null;
  note: string;
  test_errors: number | null;
  test_error_rate: number | null;
  test_rmse: number | null;
  test_mae: number | null;
  test_loss: number | null;
  final_loss: number | null;
  parent_run_id: string | null;
  resume_epoch: number | null;
  resume_step: number | null;
  /** NULL: backprop (every run stored before procedures existed). */
  procedure_json: string | null;
}

export interface ArtifactRow {
  id: number;
  run_id: string;
  kind: string;
  name: string;
  path: string;
  bytes: number;
  created_at: string;
  epoch: number | null;
  step: number | null;
  stage: number | null;
}

/** The columns of `runs` a summary reads (SUMMARY_COLUMNS in run-page-query.ts), the loss taken out of config_json. */
export type SummaryRow = Pick<
  RunRow,
  | 'id' | 'experiment_id' | 'name' | 'status' | 'dataset_name' | 'dataset_fingerprint' | 'dataset_info_json' | 'seed' | 'backend'
  | 'created_at' | 'started_at' | 'ended_at' | 'wall_ms' | 'epochs' | 'epochs_done' | 'error' | 'note' | 'test_errors'
  | 'test_error_rate' | 'test_rmse' | 'final_loss' | 'parent_run_id' | 'procedure_json'
> & { loss: TrainConfig['loss'] };

export function toRunSummary(row: RunRow, tags: string[]): RunSummary {
  return summaryOf({ ...row, loss: (JSON.parse(row.config_json) as TrainConfig).loss }, tags);
}

export function summaryOf(row: SummaryRow, tags: string[]): RunSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    experimentId: row.experiment_id,
    dataset: row.dataset_name,
    datasetFingerprint: row.dataset_fingerprint,
    task: parseJson<DatasetSummary>(row.dataset_info_json)?.task ?? null,
    loss: row.loss,
    backend: row.backend,
    seed: row.seed,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    wallMs: row.wall_ms,
    epochs: row.epochs,
    epochsDone: row.epochs_done,
    testErrors: row.test_errors,
    testErrorRate: row.test_error_rate,
    testRmse: row.test_rmse,
    finalLoss: row.final_loss,
    error: row.error,
    tags,
    note: row.note,
    parentRunId: row.parent_run_id,
    procedure: parseJson<ProcedureRef>(row.procedure_json)?.kind ?? 'backprop',
  };
}

export function toRunDetail(
  row: RunRow,
  tags: string[],
  params: Record<string, string>,
  artifacts: ArtifactInfo[],
  stages: StageInfo[],
): RunDetail {
  return {
    run: {
      ...toRunSummary(row, tags),
      backendInfo: parseJson<BackendInfo>(row.backend_info_json),
      appVersion: row.app_version,
      datasetInfo: parseJson<DatasetSummary>(row.dataset_info_json),
      resumedFrom: row.resume_step === null ? null : { runId: row.parent_run_id, epoch: row.resume_epoch ?? 0, step: row.resume_step },
    },
    spec: JSON.parse(row.spec_json),
    config: JSON.parse(row.config_json),
    datasetRef: JSON.parse(row.dataset_ref_json),
    params,
    artifacts,
    procedure: parseJson<ProcedureRef>(row.procedure_json) ?? { kind: 'backprop', params: {} },
    stages,
  };
}

export function toArtifactInfo(row: ArtifactRow): ArtifactInfo {
  return { id: row.id, kind: row.kind, name: row.name, path: row.path, bytes: row.bytes, createdAt: row.created_at, epoch: row.epoch, step: row.step, stage: row.stage };
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
