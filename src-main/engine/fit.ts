import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../src-shared/config/schema';
import { gatherBatch, type TaskInfo } from './batches';
import type { Callback, TrainingPosition } from './callbacks';
import type { DataSplit } from './data/types';
import { evaluate } from './evaluate';
import { meanLoss, wantsLogits } from './loss';
import { applyMaxNorm, maxNormTargets } from './max-norm';
import type { Model, ModelWeight } from './model';
import { createOptimizer, type Optimizer, type StepHyper } from './optimizers';
import { deriveSeed } from './rng';
import { ResumeError, runEpochs, type EpochLoopResult } from './epoch-loop';
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
  /** The epoch loop's shuffle scope: a procedure that fits several times gives each fit its own order. */
  scope?: string;
}

export type FitResult = EpochLoopResult;

export { ResumeError };

/**
 * Backprop: minibatch training of the whole network through the shared epoch loop. Everything random
 * derives from config.seed: shuffle order per epoch, dropout masks per step; so a fit started from a
 * checkpoint's position trains exactly the batches the uninterrupted run would have.
 */
export async function fit({ model, config, train, val, task, callbacks, optimizer: given, start, scope }: FitOptions): Promise<FitResult> {
  const optimizer = given ?? createOptimizer(config.optimizer);
  const constrained = config.maxNorm ? maxNormTargets(model, config.maxNorm) : [];
  tf.tidy(() => model.masks.maskOptimizer(optimizer));
  try {
    return await runEpochs({
      scope,
      epochs: config.epochs,
      count: train.count,
      batchSize: config.batchSize,
      seed: config.seed,
      callbacks,
      start,
      classification: task.task === 'classification',
      valCount: val?.count ?? 0,
      hyperAt: (epoch) => ({ learningRate: learningRateAt(config, epoch), momentum: momentumAt(config.optimizer, epoch) }),
      step: (indices, step, hyper) =>
        trainStep(model, config, optimizer, hyper, constrained, deriveSeed(config.seed, 'step', step), gatherBatch(train, indices, task)),
      measure: () => {
        const valEvaluation = val && val.count > 0 ? evaluate(model, val, task, config.loss) : undefined;
        return {
          valLoss: valEvaluation?.loss,
          valAccuracy: valEvaluation?.errorRate === undefined ? undefined : 1 - valEvaluation.errorRate,
          valRmse: valEvaluation?.rmse,
          valMae: valEvaluation?.mae,
        };
      },
    });
  } finally {
    if (!given) optimizer.dispose();
  }
}

/** The gradient of the loss + λ/2·‖w‖²: the loss's gradient plus λ·w (the same tensor when λ is 0). Call inside tf.tidy. */
function withWeightDecay(gradient: tf.Tensor, variable: tf.Variable, decay: number): tf.Tensor {
  return decay > 0 ? tf.add(gradient, tf.mul(variable, decay)) : gradient;
}

/** One minibatch: gradients of the mean loss, an optimizer update, then max-norm; deleted weights stay 0 (masked gradients, masked weights). Frees the batch. */
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
      model.weights.map(({ variable, def }) => ({ variable, gradient: model.masks.maskGradient(variable, withWeightDecay(grads[variable.name], variable, def.role === 'kernel' ? (config.weightDecay ?? 0) : 0)) })),
      hyper,
    );
    if (config.maxNorm) applyMaxNorm(constrained, config.maxNorm);
    model.masks.apply();
    return value;
  });
  const loss = lossTensor.dataSync()[0];
  const correct = correctTensor ? (correctTensor as tf.Tensor).dataSync()[0] : undefined;
  tf.dispose([lossTensor, batch.x, batch.y]);
  if (correctTensor) tf.dispose(correctTensor);
  return { loss, correct };
}
