import { join } from 'node:path';
import type { StartRunParams } from '../../src-shared/api/contract';
import type { RunDetail, RunStatus } from '../../src-shared/api/run';
import type { TrainJob } from '../../src-shared/api/trainer-protocol';
import { CheckpointError, readCheckpointFile } from '../engine/checkpoint-file';
import type { RunStore } from '../store';
import { ApiError } from './api-service-types';

export const RESUMABLE_STATUSES: readonly RunStatus[] = ['crashed', 'stopped'];

/** What RunManager.start needs besides the request to continue a run: where from, and the trainer's part. */
export interface ResumeOrder {
  from: { runId: string; epoch: number; step: number };
  job: NonNullable<TrainJob['resume']>;
}

/**
 * The request that continues a crashed or stopped run from its last checkpoint as a new run: the same
 * network, settings, seed and data, with the checkpoint's weights, optimizer state and position.
 * Throws ApiError naming the run and why it cannot be resumed (and what to do instead).
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
  let position;
  try {
    position = readCheckpointFile(join(store.dataDir, checkpoint.path)).checkpoint.position;
  } catch (error) {
    if (error instanceof CheckpointError) throw new ApiError('conflict', `run "${runId}" cannot be resumed: ${error.message}`);
    throw error;
  }
  const params: StartRunParams = {
    spec: detail.spec,
    config: detail.config,
    dataset: detail.datasetRef,
    name: run.name.endsWith(' (resumed)') ? run.name : `${run.name} (resumed)`,
    ...(run.experimentId ? { experimentId: run.experimentId } : {}),
    tags: run.tags,
  };
  const order: ResumeOrder = {
    from: { runId, epoch: position.epochsDone + position.batchesDone / position.stepsPerEpoch, step: position.stepsDone },
    job: { checkpoint: checkpoint.path, ...(run.datasetFingerprint ? { datasetFingerprint: run.datasetFingerprint } : {}) },
  };
  return { params, order };
}

function latestCheckpoint(detail: RunDetail) {
  return [...detail.artifacts].reverse().find((artifact) => artifact.kind === 'checkpoint');
}
