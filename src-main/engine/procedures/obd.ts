import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import type { ArtifactContent } from '../../../src-shared/api/artifacts';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { OBD_METRIC, obdStagePlan, type ObdParams, type ObdStage } from '../../../src-shared/procedures/obd';
import { writeFileAtomically } from '../atomic-file';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback } from '../callbacks';
import type { EpochLoopResult } from '../epoch-loop';
import { evaluate } from '../evaluate';
import { fit } from '../fit';
import { createOptimizer } from '../optimizers';
import { deriveSeed } from '../rng';
import { finishWithTest } from './backprop';
import { denseLayers, type DenseLayer } from './obd-hessian';
import { deleteLowest, hessianSubset, layerSensitivity, predictedAgainstActual, pruningScores, saliencies } from './obd-prune';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

const STATE_FILE = 'obd-state.json';

/** One point of the error-against-sparsity curve: round 0 is the trained network, round r the r-th deletion (after its retraining). */
interface RoundRow {
  round: number;
  sparsity: number;
  trainErrorRate: number;
  testErrorRate: number;
  testLoss: number;
  /** Test error right after the deletion, before retraining (null for round 0). */
  prunedTestErrorRate: number | null;
}

/** What a resumed run needs from the stages it does not run again. */
interface ObdState {
  rounds: RoundRow[];
  /** The analyse stage's artifacts, written again by a resumed run. */
  analysis: Record<string, ArtifactContent> | null;
  /** Test error right after the last deletion when its retraining has not run yet. */
  pendingPruned: number | null;
  epochs: number;
}

/**
 * Optimal Brain Damage and its baselines (src-shared/procedures/obd.ts): a backprop stage, an analysis of
 * the trained network (OBD's predicted saliency against the actual loss increase for a sample of weights;
 * each layer pruned alone at several levels), then per sparsity of the schedule a deletion by the method's
 * ranking (global over all kernel weights, biases kept) and retraining with the deleted weights masked
 * (model.masks: fit keeps them 0). Each round's errors are a point of the error-against-sparsity curve.
 * A stopped run resumes at the start of the stage after its last finished one, masks from the checkpoint.
 */
export const obdRunner: ProcedureRunner = {
  kind: 'obd',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, config, splits, task, stages } = context;
    const params = context.procedure.params as ObdParams;
    if (task.task !== 'classification') throw new ProcedureError(`procedure obd reports error rates against the fraction of weights deleted; dataset "${job.dataset.name}" is a regression, use a classification dataset`);
    const layers = denseLayers(model, config.loss);
    const plan = obdStagePlan(params);
    const stageOf = (part: ObdStage['part'], round?: number) => plan.findIndex((stage) => stage.part === part && (!('round' in stage) || stage.round === round));
    const resumed = (index: number) => index >= 0 && index < context.resumeStage;
    const statePath = join(job.dataDir, context.artifacts.path(STATE_FILE));
    let state: ObdState = { rounds: [], analysis: null, pendingPruned: null, epochs: 0 };
    if (context.resumeStage > 0) {
      const parentState = join(dirname(join(job.dataDir, job.resume!.checkpoint)), STATE_FILE);
      if (!existsSync(parentState)) throw new ProcedureError(`procedure obd: resuming at stage ${context.resumeStage} needs the finished rounds in ${parentState}, which is missing; train the run again from the start`);
      state = JSON.parse(readFileSync(parentState, 'utf8')) as ObdState;
    }
    context.announceStarted();
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    const endAfter = (index: number) => {
      writeFileAtomically(statePath, JSON.stringify(state));
      context.stageCheckpoint(index + 1);
    };
    const total = layers.reduce((sum, layer) => sum + layer.inputs * layer.units, 0);
    const deletedCount = () => layers.reduce((sum, layer) => sum + model.masks.values(layer.kernel).reduce((zeros, keep) => zeros + (keep ? 0 : 1), 0), 0);
    const subset = hessianSubset(splits.train, task, params.hessianExamples, deriveSeed(config.seed, 'obd-hessian'));
    const stopped = (loop: EpochLoopResult, what: string): FinishedMessage => ({
      type: 'finished',
      runId: job.runId,
      status: loop.status === 'diverged' ? 'diverged' : 'stopped',
      error: loop.status === 'diverged' ? `${what}: ${loop.reason}` : `stopped while ${what}`,
    });
    let lastFit: EpochLoopResult | null = null;

    const trainStage = async (index: number, epochs: number, scope: string | undefined) => {
      const optimizer = createOptimizer(config.optimizer);
      try {
        const loop = await stages.run(
          index,
          () =>
            fit({
              model,
              config: { ...config, epochs },
              train: splits.train,
              val: splits.val,
              task,
              optimizer,
              scope,
              callbacks: [
                divergenceCallback(),
                ...(context.signal ? [stopCallback(context.signal)] : []),
                metricsCallback(sendMetrics, { flushMs: context.flushMs }),
                progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
              ],
            }),
          (result) => ({ status: result.status === 'completed' ? 'completed' : result.status === 'stopped' ? 'stopped' : 'failed', epochsDone: result.epochsDone }),
        );
        if (loop.status === 'completed') {
          state.epochs += loop.epochsDone;
          lastFit = loop;
        }
        return loop;
      } finally {
        optimizer.dispose();
      }
    };

    const recordRound = (round: number, prunedTestErrorRate: number | null) => {
      const train = evaluate(model, splits.train, task, config.loss);
      const test = evaluate(model, splits.test, task, config.loss);
      const row: RoundRow = { round, sparsity: deletedCount() / total, trainErrorRate: train.errorRate!, testErrorRate: test.errorRate!, testLoss: test.loss, prunedTestErrorRate };
      state.rounds.push(row);
      const at = { step: round, epoch: round, wallMs: Math.round(performance.now() - context.started) };
      sendMetrics([
        { key: OBD_METRIC.sparsity, ...at, value: row.sparsity },
        { key: OBD_METRIC.trainErrorRate, ...at, value: row.trainErrorRate },
        { key: OBD_METRIC.testErrorRate, ...at, value: row.testErrorRate },
        { key: OBD_METRIC.testLoss, ...at, value: row.testLoss },
        ...(prunedTestErrorRate === null ? [] : [{ key: OBD_METRIC.prunedTestErrorRate, ...at, value: prunedTestErrorRate }]),
      ]);
    };

    try {
      const trainAt = stageOf('train');
      if (resumed(trainAt)) stages.carriedOver(trainAt, config.epochs);
      else {
        const loop = await trainStage(trainAt, config.epochs, undefined);
        if (loop.status !== 'completed') return stopped(loop, 'training');
        recordRound(0, null);
        endAfter(trainAt);
      }

      const analyseAt = stageOf('analyse');
      if (resumed(analyseAt)) stages.carriedOver(analyseAt, 1);
      else {
        state.analysis = await stages.run(
          analyseAt,
          () => analyse(context, params, layers, subset),
          () => ({ status: 'completed', epochsDone: 1 }),
        );
        endAfter(analyseAt);
      }
      for (const [name, content] of Object.entries(state.analysis ?? {})) context.artifacts.write(name, content, analyseAt);

      for (let round = 0; round < params.sparsities.length; round++) {
        const pruneAt = stageOf('prune', round);
        const retrainAt = stageOf('retrain', round);
        const lastAt = Math.max(pruneAt, retrainAt);
        if (resumed(lastAt)) {
          stages.carriedOver(pruneAt, 1);
          if (retrainAt >= 0) stages.carriedOver(retrainAt, params.retrainEpochs);
          continue;
        }
        if (resumed(pruneAt)) stages.carriedOver(pruneAt, 1);
        else {
          state.pendingPruned = await stages.run(
            pruneAt,
            () => {
              const target = Math.round(params.sparsities[round] * total);
              const before = deletedCount();
              const steps = params.method === 'obd' ? params.deletionSteps : 1;
              for (let step = 1; step <= steps; step++) {
                const keep = layers.map((layer) => model.masks.values(layer.kernel));
                const goal = before + Math.round(((target - before) * step) / steps);
                const scores = pruningScores(params.method, layers, subset, config.loss, params.hessian, deriveSeed(config.seed, 'obd-random', round), config.weightDecay);
                deleteLowest(scores, keep, goal - deletedCount());
                layers.forEach((layer, k) => model.masks.set(layer.kernel, keep[k]));
                stages.progress(pruneAt, step / steps);
              }
              return evaluate(model, splits.test, task, config.loss).errorRate!;
            },
            () => ({ status: 'completed', epochsDone: 1 }),
          );
          if (retrainAt < 0) {
            recordRound(round + 1, state.pendingPruned);
          }
          endAfter(pruneAt);
        }
        if (retrainAt >= 0) {
          const loop = await trainStage(retrainAt, params.retrainEpochs, `retrain-${round + 1}`);
          if (loop.status !== 'completed') return stopped(loop, `retraining at ${params.sparsities[round]} deleted`);
          recordRound(round + 1, state.pendingPruned);
          endAfter(retrainAt);
        }
      }

      const evaluateAt = stageOf('evaluate');
      const evaluation = await stages.run(
        evaluateAt,
        () => {
          // Once, at the end: an artifact saved again in another stage would be a second record; the rounds' metrics show the curve live.
          writeCurve(context, params, state.rounds, evaluateAt);
          return evaluate(model, splits.test, task, config.loss);
        },
        () => ({ status: 'completed', epochsDone: 1 }),
      );
      const fitted = { status: 'completed' as const, epochsDone: state.epochs, stepsDone: (lastFit as EpochLoopResult | null)?.stepsDone ?? 1, finalLoss: (lastFit as EpochLoopResult | null)?.finalLoss ?? NaN };
      return finishWithTest(context, fitted, evaluation, sendMetrics, () => context.discardCheckpoint());
    } finally {
      subset.dispose();
    }
  },
};

function writeCurve(context: ProcedureContext, params: ObdParams, rows: RoundRow[], stage: number): void {
  const pruned = rows.filter((row) => row.prunedTestErrorRate !== null);
  context.artifacts.write(
    'error-vs-sparsity',
    {
      kind: 'curve',
      title: `Error against the fraction of weights deleted (${params.method})`,
      caption:
        `Train and test error after each round of deleting kernel weights ${params.method === 'obd' ? 'with the smallest saliency h_kk·w_k²/2' : params.method === 'magnitude' ? 'with the smallest |w|' : 'at random'} ` +
        `(biases kept) and retraining ${params.retrainEpochs} epoch${params.retrainEpochs === 1 ? '' : 's'}; and the test error right after each deletion.`,
      xLabel: 'fraction of weights deleted',
      yLabel: 'error rate',
      series: [
        { name: 'train', x: rows.map((row) => row.sparsity), y: rows.map((row) => row.trainErrorRate) },
        { name: 'test', x: rows.map((row) => row.sparsity), y: rows.map((row) => row.testErrorRate) },
        ...(pruned.length ? [{ name: 'test, before retraining', x: pruned.map((row) => row.sparsity), y: pruned.map((row) => row.prunedTestErrorRate!) }] : []),
      ],
    },
    stage,
  );
}

/** The trained network's predicted-against-actual saliency and per-layer sensitivity, as artifact contents by name. */
function analyse(context: ProcedureContext, params: ObdParams, layers: readonly DenseLayer[], subset: ReturnType<typeof hessianSubset>): Record<string, ArtifactContent> {
  const { model, config, splits, task, stages } = context;
  const index = stages.index;
  const out: Record<string, ArtifactContent> = {};
  const salience = saliencies(layers, subset, config.loss, params.hessian, config.weightDecay);
  stages.progress(index, 0.1);
  if (params.saliencySamples > 0) {
    // The same seed: the first actualExamples of the Hessian's examples.
    const small = subset.count > params.actualExamples ? hessianSubset(splits.train, task, params.actualExamples, deriveSeed(config.seed, 'obd-hessian')) : subset;
    const points = { list: predictedAgainstActual(model, layers, small === subset ? salience : saliencies(layers, small, config.loss, params.hessian, config.weightDecay), small, config.loss, params.saliencySamples, config.weightDecay ?? 0), examples: small.count };
    if (small !== subset) small.dispose();
    out['saliency-vs-actual'] = {
      kind: 'scatter',
      title: 'Predicted saliency against the actual loss increase',
      caption:
        `For ${points.list.length} kernel weights of the trained network at evenly spaced ranks of their saliency: OBD's prediction h_kk·w_k²/2 (${params.hessian === 'lm' ? 'Levenberg–Marquardt' : 'exact'} diagonal) against the increase of the mean training ${config.weightDecay ? `objective (loss + ${config.weightDecay}/2·Σw², what training minimised)` : 'loss'} on ${points.examples} examples when that weight alone is set to 0. ` +
        'The prediction leaves out the gradient term, which is not zero when training stopped short of a minimum.',
      xLabel: 'predicted saliency h·w²/2',
      yLabel: 'actual loss increase',
      x: points.list.map((point) => point.predicted),
      y: points.list.map((point) => point.actual),
      classes: points.list.map((point) => point.layer),
      classNames: layers.map((layer) => layer.nodeId),
    };
  }
  stages.progress(index, 0.5);
  if (params.sensitivityLevels.length > 0) {
    const scores = params.method === 'obd' ? salience : pruningScores(params.method, layers, subset, config.loss, params.hessian, deriveSeed(config.seed, 'obd-random', 'sensitivity'), config.weightDecay);
    const testError = () => evaluate(model, splits.test, task, config.loss).errorRate!;
    const dense = testError();
    const results = layers.map((layer, k) => layerSensitivity(layer, scores[k], params.sensitivityLevels, testError));
    out['layer-sensitivity'] = {
      kind: 'table',
      title: `Per-layer sensitivity (${params.method})`,
      caption: `Test error with a fraction of one layer's kernel weights deleted (${params.method === 'obd' ? 'smallest saliency' : params.method === 'magnitude' ? 'smallest |w|' : 'at random'} first), the other layers intact, nothing retrained; the trained network's test error is ${dense}.`,
      columns: ['layer', 'weights', 'fraction deleted', 'deleted', 'test error rate'],
      rows: layers.flatMap((layer, k) => results[k].map((result) => [layer.nodeId, layer.inputs * layer.units, result.level, result.deleted, result.errorRate])),
    };
    out['layer-sensitivity-curve'] = {
      kind: 'curve',
      title: `Per-layer sensitivity (${params.method})`,
      caption: 'Test error against the fraction of one layer\u2019s weights deleted, each layer alone, no retraining.',
      xLabel: 'fraction of the layer deleted',
      yLabel: 'test error rate',
      series: layers.map((layer, k) => ({ name: layer.nodeId, x: [0, ...results[k].map((result) => result.level)], y: [dense, ...results[k].map((result) => result.errorRate)] })),
    };
  }
  return out;
}
