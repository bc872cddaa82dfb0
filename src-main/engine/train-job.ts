import type { FromTrainer, TrainJob } from '../../src-shared/api/trainer-protocol';
import { getProcedure, parseProcedure } from '../../src-shared/procedures';
import { getBackendInfo, initBackend } from './backend';
import { recordKernelChoices, type KernelRecord } from './kernel-record';
import { checkModelFitsData } from './compat';
import { DatasetError, loadDataset, prepareSplits } from './data';
import { setFusedOps } from './layers/fused-ops';
import { buildModel, type Model } from './model';
import { stageCheckpoints } from './run-checkpoints';
import { ArtifactWriter, PROCEDURE_RUNNERS, StageTracker, type FinishedMessage } from './procedures';

export type { FinishedMessage };

export interface TrainJobHooks {
  /** Every message of the run but 'finished', which is returned. */
  send(message: FromTrainer): void;
  /** Aborting it stops training after the current batch; the run ends 'stopped'. */
  signal?: AbortSignal;
  /** How often metrics and progress are sent, at most. */
  flushMs?: number;
  /** Within an epoch, how often a checkpoint is written, at most (one is written at every epoch's end). */
  checkpointEveryMs?: number;
}

/**
 * One whole run: backend, data, model, then the run's procedure (backprop unless the job names another),
 * its stages, test evaluation and artifacts. Never throws: a failure (bad spec, unknown dataset, a crash
 * in training) ends as status 'failed' with its message.
 */
export async function trainJob(job: TrainJob, hooks: TrainJobHooks): Promise<FinishedMessage> {
  const { runId } = job;
  let model: Model | undefined;
  let kernels: KernelRecord | null = null;
  try {
    const started = performance.now();
    const procedure = parseProcedure(job.procedure);
    const def = getProcedure(procedure.kind)!;
    const runner = PROCEDURE_RUNNERS[procedure.kind];
    if (!runner) throw new DatasetError(`procedure "${procedure.kind}" has no engine in this version of LayerLab`);
    await initBackend({ maxThreads: job.threads, cacheDir: job.dataDir });
    kernels = recordKernelChoices(job);
    // with the kernel choices this run follows (a resumed run's or its plan's)
    const backend = getBackendInfo()!;
    const { config } = job;
    setFusedOps(config.fusedOps);
    const dataset = loadDataset(job.dataset, job.dataDir, { validationSplit: config.validationSplit });
    const task = { task: dataset.summary.task, classes: dataset.summary.classes };
    model = buildModel(job.spec, config.init, config.seed);
    if (def.supervised) checkModelFitsData(model, dataset.summary, dataset.train.y.length / Math.max(1, dataset.train.count));

    const splits = prepareSplits(dataset, config);
    if (splits.train.count === 0) {
      throw new DatasetError(`${job.dataset.name}: no training examples are left after the validation split of ${config.validationSplit}; raise trainLimit or lower validationSplit`);
    }
    // Backprop checkpoints within its one stage (run-checkpoints.ts); other procedures between stages.
    const staged =
      procedure.kind === 'backprop' ? undefined : stageCheckpoints(job, { model, preprocessing: splits.preprocessing, datasetFingerprint: dataset.summary.fingerprint });
    return await runner.run({
      job,
      procedure,
      config,
      backend,
      model,
      dataset,
      splits,
      task,
      started,
      stages: new StageTracker(runId, def.stages(procedure.params, config), hooks.send),
      artifacts: new ArtifactWriter(runId, job.dataDir, hooks.send),
      send: hooks.send,
      announceStarted: () => {
        hooks.send({ type: 'started', runId, backend, dataset: dataset.summary });
        if (staged?.resumeStage) hooks.send({ type: 'resumed', runId, epoch: 0, step: 0, stage: staged.resumeStage });
      },
      resumeStage: staged?.resumeStage ?? 0,
      stageCheckpoint: (next) => void staged?.save(next),
      discardCheckpoint: () => staged?.discard(),
      signal: hooks.signal,
      flushMs: hooks.flushMs ?? 250,
      checkpointEveryMs: hooks.checkpointEveryMs,
    });
  } catch (error) {
    return { type: 'finished', runId, status: 'failed', error: describeFailure(error) };
  } finally {
    kernels?.finish();
    model?.dispose();
    setFusedOps(true);
  }
}

/** Errors LayerLab raises for bad input carry a complete message; anything else is a bug, reported with its stack on stderr. */
const INPUT_ERRORS = new Set([
  'SpecError',
  'ConfigError',
  'DatasetError',
  'IdxError',
  'DataMismatchError',
  'MaxNormError',
  'WeightsFileError',
  'DatasetUsageError',
  'CheckpointError',
  'ResumeError',
  'ProcedureError',
]);

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (!INPUT_ERRORS.has(error.name)) console.error(error.stack ?? error.message);
    return error.message;
  }
  return String(error);
}
