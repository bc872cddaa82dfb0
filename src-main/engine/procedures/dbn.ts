import * as tf from '@tensorflow/tfjs-core';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { DBN_METRIC, type DbnParams } from '../../../src-shared/procedures/dbn';
import { gatherBatch } from '../batches';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback, type Callback } from '../callbacks';
import { runEpochs } from '../epoch-loop';
import { evaluate } from '../evaluate';
import { meanLoss, wantsLogits } from '../loss';
import { createOptimizer } from '../optimizers';
import { createRng, deriveSeed } from '../rng';
import { gradientStep } from '../rbm/finetune-step';
import { learningRateAt, momentumAt } from '../schedule';
import { finishWithTest } from './backprop';
import { denseNodes, pretrainStack } from './rbm-stack';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

/**
 * The deep belief net classifier (src-shared/procedures/dbn.ts): stages 0…L−1 pretrain the first L dense
 * layers as RBMs; stage L fine-tunes the whole network by backprop with the run's config, the first
 * `topOnlyEpochs` epochs training only the layers above the stack (backpropclassify.m). The code's
 * fine-tuning is conjugate gradient (minimize.m, 3 line searches on batches of 1000); this uses the run's
 * optimizer on its batches instead. Then the test evaluation, weights and predictions as a backprop run.
 */
export const dbnRunner: ProcedureRunner = {
  kind: 'dbn',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, config, splits, task, stages } = context;
    const params = context.procedure.params as DbnParams;
    const dense = denseNodes(context);
    if (params.pretrainLayers > dense.length - 1) {
      throw new ProcedureError(
        `procedure dbn: pretrainLayers is ${params.pretrainLayers} but the network has ${dense.length - 1} dense layers below its classifier "${dense.at(-1)}"; set pretrainLayers to at most ${dense.length - 1}`,
      );
    }
    context.announceStarted();
    const stack = params.pretrain ? dense.slice(0, params.pretrainLayers) : [];
    const stopped = await pretrainStack(
      context,
      params,
      stack.map((nodeId) => ({ nodeId, hidden: 'binary', learningRate: params.rbmLearningRate })),
    );
    if (stopped) return stopped;

    const fineStage = stack.length;
    const labelled = labelledSubset(splits.train.count, params.labelledExamples, config.seed);
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    const optimizer = createOptimizer(config.optimizer);
    const all = model.weights.map((weight) => weight.variable);
    const pretrained = new Set(stack);
    const top = model.weights.filter((weight) => !pretrained.has(weight.nodeId)).map((weight) => weight.variable);
    const stepsPerEpoch = Math.ceil(labelled.length / Math.min(config.batchSize, labelled.length));
    const testMonitor: Callback = {
      onEpochEnd({ epoch, step }) {
        const test = evaluate(model, splits.test, task, config.loss);
        if (test.errorRate !== undefined) sendMetrics([{ key: DBN_METRIC.testErrorRateEpoch, step, epoch: epoch + 1, wallMs: Math.round(performance.now() - context.started), value: test.errorRate }]);
      },
    };
    try {
      const fitted = await stages.run(
        fineStage,
        () =>
          runEpochs({
            epochs: config.epochs,
            count: labelled.length,
            batchSize: config.batchSize,
            seed: config.seed,
            scope: 'finetune',
            classification: true,
            valCount: splits.val.count,
            callbacks: [
              divergenceCallback(),
              ...(context.signal ? [stopCallback(context.signal)] : []),
              metricsCallback(sendMetrics, { flushMs: context.flushMs }),
              testMonitor,
              progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
            ],
            hyperAt: (epoch) => ({ learningRate: learningRateAt(config, epoch), momentum: momentumAt(config.optimizer, epoch) }),
            step: (indices, step, hyper) => {
              const batch = gatherBatch(splits.train, Array.from(indices, (i) => labelled[i]), task);
              const variables = stack.length > 0 && Math.floor(step / stepsPerEpoch) < params.topOnlyEpochs ? top : all;
              let correct: tf.Scalar | undefined;
              try {
                const loss = gradientStep(optimizer, variables, hyper, () => {
                  const output = model.apply(batch.x, { training: true, stepSeed: deriveSeed(config.seed, 'finetune-step', step), logits: wantsLogits(config.loss) });
                  correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(tf.reshape(output, [output.shape[0], -1]), 1), tf.argMax(batch.y, 1)), 'float32'))) as tf.Scalar;
                  return meanLoss(config.loss, output, batch.y);
                });
                return { loss, correct: correct ? (correct as tf.Scalar).dataSync()[0] : undefined };
              } finally {
                tf.dispose([batch.x, batch.y, ...(correct ? [correct] : [])]);
              }
            },
            measure: () => {
              const val = splits.val.count > 0 ? evaluate(model, splits.val, task, config.loss) : undefined;
              return { valLoss: val?.loss, valAccuracy: val?.errorRate === undefined ? undefined : 1 - val.errorRate };
            },
          }),
        (loop) => ({ status: loop.status === 'completed' ? 'completed' : loop.status === 'stopped' ? 'stopped' : 'failed', epochsDone: loop.epochsDone }),
      );
      if (fitted.status === 'diverged') return { type: 'finished', runId: job.runId, status: 'diverged', error: fitted.reason };
      if (fitted.stepsDone === 0) return { type: 'finished', runId: job.runId, status: fitted.status, error: fitted.reason };

      const evaluation = evaluate(model, splits.test, task, config.loss);
      return finishWithTest(context, fitted, evaluation, sendMetrics, () => context.discardCheckpoint());
    } finally {
      optimizer.dispose();
    }
  },
};

/** The training examples fine-tuning sees: all of them, or `size` drawn without replacement by the seed (the same in both arms of a paired ablation), in index order. */
export function labelledSubset(count: number, size: number, seed: number): Int32Array {
  if (size <= 0 || size >= count) return Int32Array.from({ length: count }, (_, i) => i);
  const rng = createRng(deriveSeed(seed, 'labelled-subset'));
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rng.uniform() * (count - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.subarray(0, size).sort();
}
