import { join } from 'node:path';
import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';
import type { RunResult } from '../../../src-shared/api/run';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback } from '../callbacks';
import { epochOf } from '../checkpoint-file';
import type { EpochLoopResult } from '../epoch-loop';
import { evaluate, type Evaluation } from '../evaluate';
import { fit } from '../fit';
import { createOptimizer } from '../optimizers';
import { saveProbabilities, savePredictions } from '../predictions';
import { runCheckpoints } from '../run-checkpoints';
import { saveWeights } from '../weights-io';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

/** One fit of the whole network, then the test evaluation, final weights and test predictions. */
export const backpropRunner: ProcedureRunner = {
  kind: 'backprop',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, config, splits, task, stages } = context;
    const { runId } = job;
    const optimizer = createOptimizer(config.optimizer);
    try {
      const checkpoints = runCheckpoints(
        job,
        { model, optimizer, preprocessing: splits.preprocessing, datasetFingerprint: context.dataset.summary.fingerprint },
        context.checkpointEveryMs,
      );
      context.announceStarted();
      if (checkpoints.start) context.send({ type: 'resumed', runId, epoch: epochOf(checkpoints.start), step: checkpoints.start.stepsDone });
      const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId, points: stages.stamp(points) });
      const fitted = await stages.run(
        0,
        () =>
          fit({
            model,
            config,
            train: splits.train,
            val: splits.val,
            task,
            optimizer,
            start: checkpoints.start,
            callbacks: [
              divergenceCallback(),
              ...(context.signal ? [stopCallback(context.signal)] : []),
              metricsCallback(sendMetrics, { flushMs: context.flushMs }),
              progressCallback((progress) => context.send({ type: 'progress', runId, ...stages.withRun(progress) }), context.flushMs),
              // After the metrics: an epoch's points are sent before the checkpoint that follows them.
              checkpoints.callback,
            ],
          }),
        (result) => ({ status: result.status === 'completed' ? 'completed' : result.status === 'stopped' ? 'stopped' : 'failed', epochsDone: result.epochsDone }),
      );
      if (fitted.status === 'diverged') return { type: 'finished', runId, status: 'diverged', error: fitted.reason };
      if (fitted.stepsDone === 0) return { type: 'finished', runId, status: fitted.status, error: fitted.reason };

      const evaluation = evaluate(model, splits.test, task, config.loss);
      if (!Number.isFinite(evaluation.loss)) {
        return { type: 'finished', runId, status: 'diverged', error: `the test loss of the trained network is ${evaluation.loss}; try a smaller learning rate` };
      }
      return finishWithTest(context, fitted, evaluation, sendMetrics, () => checkpoints.discard());
    } finally {
      optimizer.dispose();
    }
  },
};

/**
 * The end every classifier procedure shares once its last fit is done: the test figures as metrics, the
 * final weights, test predictions and (when the evaluation has them) test class probabilities saved and
 * announced, the checkpoint discarded only after those are on disk (`discard`, for a completed run), and
 * the run's result.
 */
export function finishWithTest(
  context: ProcedureContext,
  fitted: Pick<EpochLoopResult, 'status' | 'epochsDone' | 'stepsDone' | 'finalLoss'>,
  evaluation: Evaluation,
  sendMetrics: (points: MetricPoint[]) => void,
  discard: () => void,
): FinishedMessage {
  const { job, model, splits } = context;
  const wallMs = Math.round(performance.now() - context.started);
  sendMetrics(testPoints(evaluation, Math.max(0, fitted.stepsDone - 1), fitted.epochsDone, wallMs));
  const weightBytes = saveWeights(model, join(job.dataDir, context.artifacts.path('weights.json')), splits.preprocessing);
  context.artifacts.announce('weights', 'weights.json', weightBytes);
  const predictionBytes = savePredictions(join(job.dataDir, context.artifacts.path('predictions.bin')), evaluation.predictions, context.dataset.summary.classes);
  context.artifacts.announce('predictions', 'predictions.bin', predictionBytes);
  if (evaluation.probabilities) {
    const probabilityBytes = saveProbabilities(join(job.dataDir, context.artifacts.path('probabilities.bin')), evaluation.probabilities);
    context.artifacts.announce('probabilities', 'probabilities.bin', probabilityBytes);
  }
  if (fitted.status === 'completed') discard();
  const result: RunResult = {
    epochs: fitted.epochsDone,
    finalLoss: fitted.finalLoss,
    testLoss: evaluation.loss,
    testErrors: evaluation.errors,
    testErrorRate: evaluation.errorRate,
    testCount: evaluation.count,
    testRmse: evaluation.rmse,
    testMae: evaluation.mae,
    wallMs,
  };
  return { type: 'finished', runId: job.runId, status: fitted.status, result: withoutUndefined(result) };
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

export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
