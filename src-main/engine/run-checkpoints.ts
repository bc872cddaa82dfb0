import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainJob } from '../../src-shared/api/trainer-protocol';
import { checkpointCallback, type Callback, type TrainingPosition } from './callbacks';
import { restoreCheckpoint, restoreStageCheckpoint, saveCheckpoint, saveStageCheckpoint } from './checkpoint';
import { CHECKPOINT_FILE, positionFileOf } from './checkpoint-file';
import type { PreprocessingRecord } from './data';
import { ResumeError } from './fit';
import type { Model } from './model';
import type { Optimizer } from './optimizers';

/** A resumed run must see the data its checkpoint was trained on. */
export function checkSameData(job: TrainJob, fingerprint: string): void {
  const expected = job.resume?.datasetFingerprint;
  if (expected && expected !== fingerprint) {
    throw new ResumeError(
      `dataset "${job.dataset.name}" has changed since the checkpoint was taken (fingerprint ${expected.slice(0, 19)}…, now ${fingerprint.slice(0, 19)}…); ` +
        'a resumed run must see the same data: import the original data again, or train the run from the start',
    );
  }
}

/**
 * Checkpoints between the stages of a multi-stage procedure: restored from the job's resume point (the
 * stage to begin at), written when a stage ends, discarded when the run completes.
 */
export function stageCheckpoints(job: TrainJob, parts: { model: Model; preprocessing: PreprocessingRecord; datasetFingerprint: string }) {
  const path = join(job.dataDir, 'artifacts', job.runId, CHECKPOINT_FILE);
  let resumeStage = 0;
  if (job.resume) {
    checkSameData(job, parts.datasetFingerprint);
    resumeStage = restoreStageCheckpoint(join(job.dataDir, job.resume.checkpoint), parts.model).stage ?? 0;
  }
  return {
    resumeStage,
    save: (stage: number) => saveStageCheckpoint(path, { runId: job.runId, model: parts.model, preprocessing: parts.preprocessing, stage }),
    discard: () => {
      rmSync(path, { force: true });
      rmSync(positionFileOf(path), { force: true });
    },
  };
}

/** Long epochs are also checkpointed mid-epoch, this often. */
export const CHECKPOINT_EVERY_MS = 10 * 60_000;
/**
 * Epochs shorter than this are not each checkpointed: a save costs milliseconds (spirals) to a second
 * (the 784-800-800-10 MLP), a tenth of a short epoch; a crash then loses at most this much training.
 */
export const CHECKPOINT_MIN_INTERVAL_MS = 1000;

export interface RunCheckpoints {
  /** Where fit begins: the resumed checkpoint's position, or undefined for a fresh run. */
  start: TrainingPosition | undefined;
  callback: Callback;
  /** A completed run has weights.json; its checkpoint is no longer needed. */
  discard(): void;
}

/**
 * A run's checkpoints: restored from the job's resume point into the model and optimizer, then written to
 * artifacts/<runId>/checkpoint.json at epochs' ends (and every `everyMs` within an epoch, and on stop).
 */
export function runCheckpoints(
  job: TrainJob,
  parts: { model: Model; optimizer: Optimizer; preprocessing: PreprocessingRecord; datasetFingerprint: string },
  everyMs = CHECKPOINT_EVERY_MS,
): RunCheckpoints {
  const optimizerKind = job.config.optimizer.kind;
  const path = join(job.dataDir, 'artifacts', job.runId, CHECKPOINT_FILE);
  let start: TrainingPosition | undefined;
  if (job.resume) {
    checkSameData(job, parts.datasetFingerprint);
    const file = join(job.dataDir, job.resume.checkpoint);
    start = restoreCheckpoint(file, parts.model, parts.optimizer, optimizerKind);
    if (job.resume.step !== undefined && job.resume.step !== start.stepsDone) {
      throw new ResumeError(
        `${file} is from step ${start.stepsDone}, but its run recorded a checkpoint from step ${job.resume.step}: the file was replaced after the run ended; resume from the run that wrote it, or train again from the start`,
      );
    }
  }
  const save = (position: TrainingPosition) => {
    saveCheckpoint(path, { runId: job.runId, optimizerKind, position, ...parts });
  };
  const callback = checkpointCallback(save, { everyMs, minIntervalMs: Math.min(everyMs, CHECKPOINT_MIN_INTERVAL_MS) });
  const discard = () => {
    rmSync(path, { force: true });
    rmSync(positionFileOf(path), { force: true });
  };
  return { start, callback, discard };
}
