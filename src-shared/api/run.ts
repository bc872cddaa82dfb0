import type { ModelSpec } from '../network/types';
import type { TrainConfig } from '../config/schema';
import type { BackendInfo, DatasetRef, DatasetSummary } from './records';
import type { ProcedureRef, StageDef } from '../procedures/types';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'crashed', 'diverged', 'stopped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const FINISHED_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'crashed', 'diverged', 'stopped'];

export type { DatasetRef, DatasetSummary, Progress, RunResult } from './records';

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  experimentId: string | null;
  dataset: string;
  datasetFingerprint: string | null;
  /** The task of the data the trainer loaded; null until the run has started. */
  task: DatasetSummary['task'] | null;
  /** The loss the run trains with (config.loss). */
  loss: TrainConfig['loss'];
  backend: string | null;
  seed: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  wallMs: number | null;
  epochs: number;
  epochsDone: number;
  testErrors: number | null;
  testErrorRate: number | null;
  testRmse: number | null;
  finalLoss: number | null;
  error: string | null;
  tags: string[];
  note: string;
  /** The run this one was resumed from (its checkpoint), or null for a run trained from the start. */
  parentRunId: string | null;
  /** The procedure kind it trains by (src-shared/procedures); 'backprop' for runs stored before procedures. */
  procedure: string;
}

/** Where a resumed run began: its parent's checkpoint, `epoch` epochs (fractional) and `step` steps in. */
export interface ResumePoint {
  /** Null once the parent run was deleted. */
  runId: string | null;
  epoch: number;
  step: number;
}

export interface RunDetail {
  run: RunSummary & { backendInfo: BackendInfo | null; appVersion: string; datasetInfo: DatasetSummary | null; resumedFrom: ResumePoint | null };
  spec: ModelSpec;
  config: TrainConfig;
  datasetRef: DatasetRef;
  params: Record<string, string>;
  artifacts: ArtifactInfo[];
  /** The run's procedure (backprop for runs stored before procedures existed) and its stages. */
  procedure: ProcedureRef;
  stages: StageInfo[];
}

export type StageStatus = 'pending' | 'running' | 'completed' | 'stopped' | 'failed';

/** One stage of a run as stored: its definition plus how far it got. */
export interface StageInfo extends StageDef {
  index: number;
  status: StageStatus;
  epochsDone: number;
  startedAt: string | null;
  endedAt: string | null;
}

export interface ArtifactInfo {
  id: number;
  kind: 'weights' | 'predictions' | 'checkpoint' | 'image' | (string & {});
  name: string;
  /** Relative to the data dir. */
  path: string;
  bytes: number;
  createdAt: string;
  /**
   * Saved partway through training (a checkpoint, or a crashed run's weights taken from its last checkpoint):
   * the epochs done then (fractional mid-epoch, as metric epochs are) and the steps done; null for final artifacts.
   */
  epoch: number | null;
  step: number | null;
  /** The stage that saved it (a checkpoint: the stage it resumes at); null for artifacts of runs stored before stages existed. */
  stage: number | null;
}

/** The first layer's incoming weights per unit, for tiles: `units` rows of `rows × cols` values. */
export interface FirstLayerWeights {
  nodeId: string;
  units: number;
  rows: number;
  cols: number;
  /** units × rows × cols, row-major, as plain numbers for JSON transport. */
  values: number[];
}

