import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../src-shared/config/schema';
import { gatherBatch, ranges, type TaskInfo } from './batches';
import { CallbackList, type Callback, type TrainingPosition } from './callbacks';
import type { DataSplit } from './data/types';
import { evaluate } from './evaluate';
import { meanLoss, wantsLogits } from './loss';
import { applyMaxNorm, maxNormTargets } from './max-norm';
import type { Model, ModelWeight } from './model';
import { createOptimizer, type Optimizer, type StepHyper } from './optimizers';
import { createRng, deriveSeed, permutation } from './rng';
import { learningRateAt, momentumAt } from './schedule';

export interface FitOptions {
  model: Model;
  config: TrainConfig;
  train: DataSplit;
  /** Evaluated after every epoch when it has examples. */
  val?: DataSplit;
  task: TaskInfo;
  callbacks: Callback[];
  /** The optimizer to step; when absent fit creates one from config.optimizer (and disposes it). */
  optimizer?: Optimizer;
  /** Continue from here, a checkpoint's position; the model and optimizer already hold its state. */
  start?: TrainingPosition;
}

export interface FitResult {
  status: 'completed' | 'stopped' | 'diverged';
  /** Counted from the start of the run, a resumed fit's earlier epochs and steps included. */
  epochsDone: number;
  stepsDone: number;
  /** Mean training loss over the last epoch trained (partial when stopped mid-epoch). */
  finalLoss: number;
  reason?: string;
}

export class ResumeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResumeError';
  }
}

/**
 * Minibatch training over a seeded shuffle. The loop only calls the callback list; progress,
 * metrics, stop requests, divergence checks and checkpoints are callbacks. Everything random derives
 * from config.seed: shuffle order per epoch, dropout masks per step; so a fit started from a
 * checkpoint's position trains exactly the batches the uninterrupted run would have.
 */
export async function fit({ model, config, train, val, task, callbacks, optimizer: given, start }: FitOptions): Promise<FitResult> {
  const list = new CallbackList(callbacks);
  const optimizer = given ?? createOptimizer(config.optimizer);
  const constrained = config.maxNorm ? maxNormTargets(model, config.maxNorm) : [];
  const batchSize = Math.min(config.batchSize, train.count);
  const stepsPerEpoch = Math.ceil(train.count / batchSize);
  const from = start ?? startPosition(stepsPerEpoch);
  if (from.stepsPerEpoch !== stepsPerEpoch) {
    throw new ResumeError(`the checkpoint was taken at ${from.stepsPerEpoch} steps per epoch, this run has ${stepsPerEpoch}: its data or batch size differ`);
  }
  let stepsDone = from.stepsDone;
  let epochsDone = from.epochsDone;
  let finalLoss = from.lastEpochLoss ?? NaN;
  try {
    await list.call('onTrainBegin', {
      epochs: config.epochs,
      stepsPerEpoch,
      totalSteps: stepsPerEpoch * config.epochs,
      trainCount: train.count,
      valCount: val?.count ?? 0,
      batchSize,
      start: from,
    });
    for (let epoch = from.epochsDone; epoch < config.epochs && !list.stop; epoch++) {
      const hyper: StepHyper = { learningRate: learningRateAt(config, epoch), momentum: momentumAt(config.optimizer, epoch) };
      await list.call('onEpochBegin', { epoch, ...hyper });
      if (list.stop) break;
      const epochStarted = performance.now();
      const order = permutation(train.count, createRng(deriveSeed(config.seed, 'shuffle', epoch)));
      const resumed = epoch === from.epochsDone ? from : undefined;
      const skipBatches = resumed?.batchesDone ?? 0;
      let lossSum = resumed?.lossSum ?? 0;
      let correctSum = resumed?.correctSum ?? 0;
      let seen = resumed?.seen ?? 0;
      let batchesDone = skipBatches;
      let trainedSamples = 0;
      for (const [start, end] of [...ranges(train.count, batchSize)].slice(skipBatches)) {
        const step = stepsDone;
        const stepSeed = deriveSeed(config.seed, 'step', step);
        const { loss, correct } = trainStep(model, config, optimizer, hyper, constrained, stepSeed, gatherBatch(train, order.subarray(start, end), task));
        const size = end - start;
        lossSum += loss * size;
        correctSum += correct ?? 0;
        seen += size;
        trainedSamples += size;
        stepsDone += 1;
        batchesDone += 1;
        await list.call('onBatchEnd', {
          epoch,
          step,
          stepsDone,
          batchSize: size,
          loss,
          accuracy: correct === undefined ? undefined : correct / size,
          position: { epochsDone: epoch, stepsDone, stepsPerEpoch, batchesDone, lossSum, correctSum, seen, lastEpochLoss: finite(finalLoss) },
        });
        // Let messages in (a stop request) between batches; the backends run ops synchronously.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (list.stop) break;
      }
      if (seen > 0) finalLoss = lossSum / seen;
      if (list.stop) break;
      const seconds = (performance.now() - epochStarted) / 1000;
      const valEvaluation = val && val.count > 0 ? evaluate(model, val, task, config.loss) : undefined;
      epochsDone = epoch + 1;
      await list.call('onEpochEnd', {
        epoch,
        step: stepsDone - 1,
        trainLoss: finalLoss,
        trainAccuracy: task.task === 'classification' ? correctSum / seen : undefined,
        valLoss: valEvaluation?.loss,
        valAccuracy: valEvaluation?.errorRate === undefined ? undefined : 1 - valEvaluation.errorRate,
        valRmse: valEvaluation?.rmse,
        valMae: valEvaluation?.mae,
        ...hyper,
        samplesPerSec: seconds > 0 ? trainedSamples / seconds : 0,
        position: { ...startPosition(stepsPerEpoch), epochsDone, stepsDone, lastEpochLoss: finite(finalLoss) },
      });
    }
  } finally {
    if (!given) optimizer.dispose();
  }
  const status = list.stop?.reason ?? 'completed';
  const result: FitResult = { status, epochsDone, stepsDone, finalLoss, reason: list.stop?.message };
  await list.call('onTrainEnd', { status, epochsDone, finalLoss, stepsDone, reason: result.reason });
  return result;
}

function startPosition(stepsPerEpoch: number): TrainingPosition {
  return { epochsDone: 0, stepsDone: 0, stepsPerEpoch, batchesDone: 0, lossSum: 0, correctSum: 0, seen: 0, lastEpochLoss: null };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** One minibatch: gradients of the mean loss, an optimizer update, then max-norm. Frees the batch. */
function trainStep(
  model: Model,
  config: TrainConfig,
  optimizer: Optimizer,
  hyper: StepHyper,
  constrained: ModelWeight[],
  stepSeed: number,
  batch: { x: tf.Tensor; y: tf.Tensor; labels?: Int32Array },
): { loss: number; correct?: number } {
  const variables = model.weights.map((weight) => weight.variable);
  let correctTensor: tf.Tensor | undefined;
  const lossTensor = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const output = model.apply(batch.x, { training: true, stepSeed, logits: wantsLogits(config.loss) });
      if (batch.labels) {
        const flat = tf.reshape(output, [output.shape[0], -1]);
        // Kept: variableGrads frees everything its function creates except the loss.
        correctTensor = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(flat, 1), tf.argMax(batch.y, 1)), 'float32')));
      }
      return meanLoss(config.loss, output, batch.y);
    }, variables);
    optimizer.step(
      variables.map((variable) => ({ variable, gradient: grads[variable.name] })),
      hyper,
    );
    if (config.maxNorm) applyMaxNorm(constrained, config.maxNorm);
    return value;
  });
  const loss = lossTensor.dataSync()[0];
  const correct = correctTensor ? (correctTensor as tf.Tensor).dataSync()[0] : undefined;
  tf.dispose([lossTensor, batch.x, batch.y]);
  if (correctTensor) tf.dispose(correctTensor);
  return { loss, correct };
}
