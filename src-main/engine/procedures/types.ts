import type { FromTrainer, TrainJob } from '../../../src-shared/api/trainer-protocol';
import type { TrainConfig } from '../../../src-shared/config/schema';
import type { ProcedureRef } from '../../../src-shared/procedures/types';
import type { BackendInfo } from '../../../src-shared/api/backend';
import type { TaskInfo } from '../batches';
import type { Dataset, DataSplit, PreprocessingRecord } from '../data';
import type { Model } from '../model';
import type { ArtifactWriter } from './artifact-writer';
import type { StageTracker } from './stage-tracker';

export type FinishedMessage = Extract<FromTrainer, { type: 'finished' }>;

/** Everything a procedure runs with: the built network, the prepared data, and the channels out. */
export interface ProcedureContext {
  job: TrainJob;
  procedure: ProcedureRef;
  config: TrainConfig;
  backend: BackendInfo;
  model: Model;
  dataset: Dataset;
  splits: { train: DataSplit; val: DataSplit; test: DataSplit; preprocessing: PreprocessingRecord };
  task: TaskInfo;
  /** performance.now() when the run began. */
  started: number;
  stages: StageTracker;
  artifacts: ArtifactWriter;
  send(message: FromTrainer): void;
  /** Says 'started' (backend and data); a procedure calls it once what it resumes from has been checked. */
  announceStarted(): void;
  /**
   * Multi-stage procedures other than backprop resume at a stage's start: the stage to begin at (0 for a
   * fresh run; the model already holds the weights the finished stages left), a checkpoint to write when a
   * stage ends (`next` = the stage that follows), and its removal once the run completes.
   */
  resumeStage: number;
  stageCheckpoint(next: number): void;
  discardCheckpoint(): void;
  signal?: AbortSignal;
  flushMs: number;
  checkpointEveryMs?: number;
}

/** How one procedure kind runs: src-shared/procedures/<kind>.ts says what it is, this says how. */
export interface ProcedureRunner {
  kind: string;
  run(context: ProcedureContext): Promise<FinishedMessage>;
}
