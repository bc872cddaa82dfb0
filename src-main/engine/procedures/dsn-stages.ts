import * as tf from '@tensorflow/tfjs-core';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { DSN_METRIC, type DsnParams } from '../../../src-shared/procedures/dsn';
import { rbmTrainingSchema } from '../../../src-shared/procedures/rbm';
import { gatherBatch } from '../batches';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback, type Callback } from '../callbacks';
import type { DataSplit } from '../data';
import { runEpochs, type EpochLoopResult } from '../epoch-loop';
import { meanLoss, wantsLogits } from '../loss';
import type { Model } from '../model';
import { createOptimizer } from '../optimizers';
import { gradientStep } from '../rbm/finetune-step';
import { createRbm, disposeRbm } from '../rbm/rbm';
import { deriveSeed } from '../rng';
import { learningRateAt, momentumAt } from '../schedule';
import { ModuleRefiner } from './dsn-refine';
import { moduleOutputs, outputErrors, type DsnModuleWeights, type StackedInput } from './dsn-solve';
import { imageShapeOf } from './rbm-stack';
import { trainRbmStage, type LayerRows } from './rbm-stage';
import type { ProcedureContext } from './types';

const EVAL_ROWS = 1000;
const HELD_OUT_ROWS = 2000;


const outcome = (loop: EpochLoopResult) => ({ status: loop.status === 'completed' ? ('completed' as const) : loop.status === 'stopped' ? ('stopped' as const) : ('failed' as const), epochsDone: loop.epochsDone });
const wall = (context: ProcedureContext) => Math.round(performance.now() - context.started);
const sender = (context: ProcedureContext) => (points: MetricPoint[]) => context.send({ type: 'metrics', runId: context.job.runId, points: context.stages.stamp(points) });

/**
 * The RBM that gives module k its lower weights: binary visible and hidden units, CD-1 (rbm.m's update and
 * schedule) on the module's input X. The pixels are in [0, 1]; the lower modules' outputs estimate 0/1 class
 * indicators and are clipped to [0, 1] for the RBM only (the module then reads them unclipped). Its W and
 * hidden biases are written into the module's hidden layer.
 */
export async function moduleRbmStage(context: ProcedureContext, stage: number, k: number, hiddenId: string, hidden: number, train: StackedInput, test: StackedInput): Promise<EpochLoopResult> {
  const params = context.procedure.params as DsnParams;
  const training = rbmTrainingSchema.parse({ rbmEpochs: params.rbmEpochs, rbmBatchSize: params.rbmBatchSize, rbmLearningRate: params.rbmLearningRate });
  const rows = rbmRows(train, train.count);
  const heldOut = rbmRows(test, Math.min(HELD_OUT_ROWS, test.count));
  const rbm = createRbm({ visibleSize: rows.size, hiddenSize: hidden, visible: 'binary', hidden: 'binary' }, training.initSigma, context.config.seed, `dsn-rbm-${k + 1}`);
  try {
    const imageShape = k === 0 ? imageShapeOf(context.splits.train.shape) : undefined;
    const loop = await trainRbmStage(context, rbm, {
      stage,
      layer: k + 1,
      training,
      learningRate: params.rbmLearningRate,
      train: rows,
      heldOut,
      heldOutName: 'test',
      pictures: imageShape ? { imageShape, filterTiles: 100, chains: 10, rows: 6, sweeps: 100 } : undefined,
    });
    if (loop.status === 'completed') {
      const weights = context.model.nodeWeights(hiddenId)!;
      tf.tidy(() => {
        weights.kernel.assign(rbm.weights);
        weights.bias.assign(rbm.hiddenBias);
      });
    }
    return loop;
  } finally {
    disposeRbm(rbm);
  }
}

/** The first `count` rows of X with the lower outputs clipped to [0, 1]; module 1's X is the input itself. */
function rbmRows(input: StackedInput, count: number): LayerRows {
  const width = input.size + input.classes * input.lowerOutputs.length;
  if (input.lowerOutputs.length === 0) return { x: input.x.subarray(0, count * width), count, size: width };
  const x = new Float32Array(count * width);
  for (let row = 0; row < count; row++) {
    let at = row * width;
    x.set(input.x.subarray(row * input.size, (row + 1) * input.size), at);
    at += input.size;
    for (const outputs of input.lowerOutputs) {
      for (let c = 0; c < input.classes; c++) x[at + c] = Math.min(1, Math.max(0, outputs[row * input.classes + c]));
      at += input.classes;
    }
  }
  return { x, count, size: width };
}

/**
 * Refines module k's lower weights by gradient, U solved again after each epoch (dsn-refine.ts says why
 * that is the total gradient). Per epoch (epoch 0: the closed form it starts from) the module's training
 * squared error and test error are recorded. Returns the loop and the weights of its last solve.
 */
export async function refineStage(
  context: ProcedureContext,
  stage: number,
  k: number,
  start: DsnModuleWeights,
  startFigures: { trainMse: number; testErrorRate: number },
  data: { train: StackedInput; test: StackedInput; trainLabels: Int32Array; testLabels: Int32Array },
): Promise<{ loop: EpochLoopResult; weights: DsnModuleWeights }> {
  const { config, stages, job } = context;
  const params = context.procedure.params as DsnParams;
  const sendMetrics = sender(context);
  const optimizer = createOptimizer(config.optimizer);
  const refiner = new ModuleRefiner(data.train, data.trainLabels, start, params.lambda, optimizer);
  const record = (epoch: number, trainMse: number, testErrorRate: number) =>
    sendMetrics([
      { key: DSN_METRIC.refineTrainMse, step: epoch, epoch, wallMs: wall(context), value: trainMse },
      { key: DSN_METRIC.refineTestErrorRate, step: epoch, epoch, wallMs: wall(context), value: testErrorRate },
    ]);
  try {
    const loop = await stages.run(
      stage,
      () => {
        record(0, startFigures.trainMse, startFigures.testErrorRate);
        return runEpochs({
          epochs: params.refineEpochs,
          count: data.train.count,
          batchSize: config.batchSize,
          seed: config.seed,
          scope: `dsn-refine-${k + 1}`,
          classification: false,
          callbacks: [
            divergenceCallback(),
            ...(context.signal ? [stopCallback(context.signal)] : []),
            progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
          ],
          hyperAt: (epoch) => ({ learningRate: params.refineLearningRate, momentum: momentumAt(config.optimizer, epoch) }),
          step: (indices, _step, hyper) => ({ loss: refiner.step(indices, hyper) }),
          measure: (epoch) => {
            const trainMse = refiner.resolve();
            record(epoch + 1, trainMse, outputErrors(moduleOutputs(data.test, refiner.weights), data.testLabels, data.train.classes).errorRate);
            return {};
          },
        });
      },
      outcome,
    );
    return { loop, weights: refiner.weights };
  } finally {
    refiner.dispose();
    optimizer.dispose();
  }
}

/**
 * Backprop through the whole network (the network is the stack) with the run's optimizer, learning rate,
 * batch size and loss; the whole network's test error after each epoch.
 */
export async function fineTuneStage(context: ProcedureContext, stage: number, classes: number): Promise<EpochLoopResult> {
  const { job, model, config, splits, task, stages } = context;
  const params = context.procedure.params as DsnParams;
  const sendMetrics = sender(context);
  const optimizer = createOptimizer(config.optimizer);
  const variables = model.weights.map((weight) => weight.variable);
  const testMonitor: Callback = {
    onEpochEnd({ epoch, step }) {
      const test = networkErrors(model, splits.test, classes);
      sendMetrics([{ key: DSN_METRIC.fineTuneTestErrorRate, step, epoch: epoch + 1, wallMs: wall(context), value: test.errorRate }]);
    },
  };
  try {
    return await stages.run(
      stage,
      () =>
        runEpochs({
          epochs: params.fineTuneEpochs,
          count: splits.train.count,
          batchSize: config.batchSize,
          seed: config.seed,
          scope: 'dsn-finetune',
          classification: true,
          callbacks: [
            divergenceCallback(),
            ...(context.signal ? [stopCallback(context.signal)] : []),
            metricsCallback(sendMetrics, { flushMs: context.flushMs }),
            testMonitor,
            progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
          ],
          hyperAt: (epoch) => ({ learningRate: learningRateAt(config, epoch), momentum: momentumAt(config.optimizer, epoch) }),
          step: (indices, step, hyper) => {
            const batch = gatherBatch(splits.train, indices, task);
            let correct: tf.Scalar | undefined;
            try {
              const loss = gradientStep(optimizer, variables, hyper, () => {
                const output = model.apply(batch.x, { training: true, stepSeed: deriveSeed(config.seed, 'dsn-finetune-step', step), logits: wantsLogits(config.loss) });
                correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(tf.reshape(output, [output.shape[0], -1]), 1), tf.argMax(batch.y, 1)), 'float32'))) as tf.Scalar;
                return meanLoss(config.loss, output, batch.y);
              });
              return { loss, correct: correct ? correct.dataSync()[0] : undefined };
            } finally {
              tf.dispose([batch.x, batch.y, ...(correct ? [correct] : [])]);
            }
          },
        }),
      outcome,
    );
  } finally {
    optimizer.dispose();
  }
}

/** The whole stack's figures as the network computes them (the check that the solved weights sit in the right layers). */
export function networkErrors(model: Model, split: DataSplit, classes: number, progress: (fraction: number) => void = () => {}) {
  const size = split.x.length / Math.max(1, split.count);
  const outputs = new Float32Array(split.count * classes);
  for (let start = 0; start < split.count; start += EVAL_ROWS) {
    const end = Math.min(split.count, start + EVAL_ROWS);
    const y = tf.tidy(() => tf.reshape(model.apply(tf.tensor(split.x.subarray(start * size, end * size), [end - start, ...split.shape]), { training: false }), [end - start, classes]));
    outputs.set(y.dataSync() as Float32Array, start * classes);
    y.dispose();
    progress(end / split.count);
  }
  return outputErrors(outputs, split.y as Int32Array, classes);
}
