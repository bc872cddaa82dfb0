import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StartRunParams } from '../../src-shared/api/contract';
import type { RunDetail, RunStatus } from '../../src-shared/api/run';
import type { TrainJob } from '../../src-shared/api/trainer-protocol';
import type { RunStore } from '../store';
import { ApiError } from './api-service-types';

export const RESUMABLE_STATUSES: readonly RunStatus[] = ['crashed', 'stopped'];

/**
 * What RunManager.start needs besides the request to continue a run: the run it continues, where from
 * when its checkpoint's position is known, and the trainer's part. Main never reads the checkpoint
 * whole: the trainer verifies it, checks it is from `from.step`, and reports where it resumed (a
 * 'resumed' message), which is how an unknown position becomes known.
 */
export interface ResumeOrder {
  parentRunId: string;
  from?: { epoch: number; step: number; stage?: number };
  job: NonNullable<TrainJob['resume']>;
}

/**
 * The request that continues a crashed or stopped run from its last checkpoint as a new run: the same
 * network, settings, seed and data, with the checkpoint's weights, optimizer state and position.
 * Throws ApiError naming the run and why it cannot be resumed (and what to do instead). A damaged
 * checkpoint is refused by the new run's trainer: that run fails, naming the file and what is wrong.
 */
export function planResume(store: RunStore, runId: string): { params: StartRunParams; order: ResumeOrder } {
  const detail = store.getRun(runId);
  if (!detail) throw new ApiError('not-found', `no run with id "${runId}"`);
  const { run } = detail;
  if (!RESUMABLE_STATUSES.includes(run.status)) {
    throw new ApiError('conflict', `run "${runId}" is ${run.status}; only a crashed or stopped run can be resumed`);
  }
  const checkpoint = latestCheckpoint(detail);
  if (!checkpoint) {
    throw new ApiError(
      'conflict',
      `run "${runId}" has no checkpoint to resume from: it ended before the end of its first epoch (or before LayerLab saved checkpoints); train it again from the start`,
    );
  }
  const file = join(store.dataDir, checkpoint.path);
  if (!existsSync(file)) {
    throw new ApiError('conflict', `run "${runId}" cannot be resumed: its checkpoint ${file} no longer exists; train it again from the start`);
  }
  const params: StartRunParams = {
    spec: detail.spec,
    config: detail.config,
    dataset: detail.datasetRef,
    procedure: detail.procedure,
    name: run.name.endsWith(' (resumed)') ? run.name : `${run.name} (resumed)`,
    ...(run.experimentId ? { experimentId: run.experimentId } : {}),
    tags: run.tags,
  };
  const known =
    checkpoint.epoch !== null && checkpoint.step !== null ? { epoch: checkpoint.epoch, step: checkpoint.step, stage: checkpoint.stage ?? 0 } : undefined;
  const order: ResumeOrder = {
    parentRunId: runId,
    ...(known ? { from: known } : {}),
    job: {
      checkpoint: checkpoint.path,
      ...(known ? { step: known.step } : {}),
      ...(run.datasetFingerprint ? { datasetFingerprint: run.datasetFingerprint } : {}),
    },
  };
  return { params, order };
}

function latestCheckpoint(detail: RunDetail) {
  return [...detail.artifacts].reverse().find((artifact) => artifact.kind === 'checkpoint');
}
