import { join } from 'node:path';
import { METRIC, type MetricPoint } from '../../src-shared/api/metrics';
import type { RunResult } from '../../src-shared/api/run';
import type { FromTrainer, TrainJob } from '../../src-shared/api/trainer-protocol';
import { initBackend } from './backend';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback } from './callbacks';
import { epochOf } from './checkpoint-file';
import { checkModelFitsData } from './compat';
import { DatasetError, loadDataset, prepareSplits, type PreprocessingRecord } from './data';
import { evaluate, type Evaluation } from './evaluate';
import { fit } from './fit';
import { buildModel, type Model } from './model';
import { createOptimizer, type Optimizer } from './optimizers';
import { savePredictions } from './predictions';
import { runCheckpoints } from './run-checkpoints';
import { saveWeights } from './weights-io';

export type FinishedMessage = Extract<FromTrainer, { type: 'finished' }>;

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
 * One whole run: backend, data, model, training, test evaluation, artifacts. Never throws:
 * a failure (bad spec, unknown dataset, a crash in training) ends as status 'failed' with its message.
 */
export async function trainJob(job: TrainJob, hooks: TrainJobHooks): Promise<FinishedMessage> {
  const { runId } = job;
  let model: Model | undefined;
  let optimizer: Optimizer | undefined;
  try {
    const started = performance.now();
    const backend = await initBackend({ maxThreads: job.threads });
    const { config } = job;
    const dataset = loadDataset(job.dataset, job.dataDir, { validationSplit: config.validationSplit });
    const task = { task: dataset.summary.task, classes: dataset.summary.classes };
    model = buildModel(job.spec, config.init, config.seed);
    checkModelFitsData(model, dataset.summary, dataset.train.y.length / Math.max(1, dataset.train.count));

    const { train, val, test, preprocessing } = prepareSplits(dataset, config);
    if (train.count === 0) {
      throw new DatasetError(`${job.dataset.name}: no training examples are left after the validation split of ${config.validationSplit}; raise trainLimit or lower validationSplit`);
    }
    optimizer = createOptimizer(config.optimizer);
    const checkpoints = runCheckpoints(job, { model, optimizer, preprocessing, datasetFingerprint: dataset.summary.fingerprint }, hooks.checkpointEveryMs);
    hooks.send({ type: 'started', runId, backend, dataset: dataset.summary });
    if (checkpoints.start) hooks.send({ type: 'resumed', runId, epoch: epochOf(checkpoints.start), step: checkpoints.start.stepsDone });

    const flushMs = hooks.flushMs ?? 250;
    const sendMetrics = (points: MetricPoint[]) => hooks.send({ type: 'metrics', runId, points });
    const fitted = await fit({
      model,
      config,
      train,
      val,
      task,
      optimizer,
      start: checkpoints.start,
      callbacks: [
        divergenceCallback(),
        ...(hooks.signal ? [stopCallback(hooks.signal)] : []),
        metricsCallback(sendMetrics, { flushMs }),
        progressCallback((progress) => hooks.send({ type: 'progress', runId, ...progress }), flushMs),
        // After the metrics: an epoch's points are sent before the checkpoint that follows them.
        checkpoints.callback,
      ],
    });
    if (fitted.status === 'diverged') {
      return { type: 'finished', runId, status: 'diverged', error: fitted.reason };
    }
    if (fitted.stepsDone === 0) {
      return { type: 'finished', runId, status: fitted.status, error: fitted.reason };
    }

    const evaluation = evaluate(model, test, task, config.loss);
    if (!Number.isFinite(evaluation.loss)) {
      return { type: 'finished', runId, status: 'diverged', error: `the test loss of the trained network is ${evaluation.loss}; try a smaller learning rate` };
    }
    const lastStep = Math.max(0, fitted.stepsDone - 1);
    sendMetrics(testPoints(evaluation, lastStep, fitted.epochsDone, performance.now() - started));
    writeArtifacts(job, model, preprocessing, evaluation, dataset.summary.classes, hooks);
    if (fitted.status === 'completed') checkpoints.discard();
    const result: RunResult = {
      epochs: fitted.epochsDone,
      finalLoss: fitted.finalLoss,
      testLoss: evaluation.loss,
      testErrors: evaluation.errors,
      testErrorRate: evaluation.errorRate,
      testCount: evaluation.count,
      testRmse: evaluation.rmse,
      testMae: evaluation.mae,
      wallMs: Math.round(performance.now() - started),
    };
    return { type: 'finished', runId, status: fitted.status, result: withoutUndefined(result) };
  } catch (error) {
    return { type: 'finished', runId, status: 'failed', error: describeFailure(error) };
  } finally {
    optimizer?.dispose();
    model?.dispose();
  }
}

function testPoints(evaluation: Evaluation, step: number, epoch: number, wallMs: number): MetricPoint[] {
  const values: [string, number | undefined][] = [
    [METRIC.testLoss, evaluation.loss],
    [METRIC.testErrors, evaluation.errors],
    [METRIC.testErrorRate, evaluation.errorRate],
    [METRIC.testRmse, evaluation.rmse],
    [METRIC.testMae, evaluation.mae],
  ];
  return values
    .filter((entry): entry is [string, number] => entry[1] !== undefined && Number.isFinite(entry[1]))
    .map(([key, value]) => ({ key, step, epoch, wallMs: Math.round(wallMs), value }));
}

/** Final weights with their preprocessing (weights.json) and per-example test predictions (predictions.bin) under artifacts/<runId>/. */
function writeArtifacts(
  job: TrainJob,
  model: Model,
  preprocessing: PreprocessingRecord,
  evaluation: Evaluation,
  classes: number,
  hooks: TrainJobHooks,
): void {
  const relativeDir = join('artifacts', job.runId);
  const weightsPath = join(relativeDir, 'weights.json');
  const weightBytes = saveWeights(model, join(job.dataDir, weightsPath), preprocessing);
  hooks.send({ type: 'artifact', runId: job.runId, kind: 'weights', name: 'weights.json', path: weightsPath, bytes: weightBytes });
  const predictionsPath = join(relativeDir, 'predictions.bin');
  const predictionBytes = savePredictions(join(job.dataDir, predictionsPath), evaluation.predictions, classes);
  hooks.send({ type: 'artifact', runId: job.runId, kind: 'predictions', name: 'predictions.bin', path: predictionsPath, bytes: predictionBytes });
}

/** Errors LayerLab raises for bad input carry a complete message; anything else is a bug, reported with its stack on stderr. */
const INPUT_ERRORS = new Set(['SpecError', 'ConfigError', 'DatasetError', 'IdxError', 'DataMismatchError', 'MaxNormError', 'WeightsFileError', 'DatasetUsageError', 'CheckpointError', 'ResumeError']);

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (!INPUT_ERRORS.has(error.name)) console.error(error.stack ?? error.message);
    return error.message;
  }
  return String(error);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

