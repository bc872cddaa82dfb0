import { ranges } from './batches';
import { CallbackList, type Callback, type TrainingPosition } from './callbacks';
import type { StepHyper } from './optimizers';
import { createRng, deriveSeed, permutation } from './rng';

/** What one minibatch step reports: its mean loss (or the stage's own per-batch measure) and, for classifiers, the examples it got right. */
export interface StepOutcome {
  loss: number;
  correct?: number;
}

/** Measured after each epoch (validation), reported to the callbacks with the epoch's end. */
export interface EpochMeasures {
  valLoss?: number;
  valAccuracy?: number;
  valRmse?: number;
  valMae?: number;
}

export interface EpochLoopOptions {
  epochs: number;
  /** Examples in the training split; each epoch visits every one once, in a seeded shuffle. */
  count: number;
  batchSize: number;
  /** Seeds the shuffle of every epoch, with `scope`; a stage that needs its own order passes its own scope. */
  seed: number;
  scope?: string;
  callbacks: Callback[];
  /** Continue from here, a checkpoint's position. */
  start?: TrainingPosition;
  /** Learning rate and momentum of an epoch. */
  hyperAt(epoch: number): StepHyper;
  /** One minibatch: `indices` are the examples, `step` the global step index. */
  step(indices: Uint32Array, step: number, hyper: StepHyper): StepOutcome;
  /** After each epoch, before the epoch's end is reported. */
  measure?(epoch: number): EpochMeasures;
  /** Report the fraction of a batch right as the epoch's train accuracy. */
  classification: boolean;
  valCount?: number;
}

export interface EpochLoopResult {
  status: 'completed' | 'stopped' | 'diverged';
  /** Counted from the start of the loop, a resumed loop's earlier epochs and steps included. */
  epochsDone: number;
  stepsDone: number;
  /** Mean step loss over the last epoch (partial when stopped mid-epoch). */
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
 * The epoch loop of every stage that trains in minibatches (backprop, contrastive divergence, mean
 * field): seeded shuffle per epoch, position, callbacks, stop. The step function is the stage's; the
 * loop only calls the callback list, so progress, metrics, stop requests, divergence checks and
 * checkpoints are callbacks. A loop started from a checkpoint's position trains exactly the batches the
 * uninterrupted loop would have.
 */
export async function runEpochs(options: EpochLoopOptions): Promise<EpochLoopResult> {
  const list = new CallbackList(options.callbacks);
  const batchSize = Math.min(options.batchSize, options.count);
  const stepsPerEpoch = Math.ceil(options.count / batchSize);
  const from = options.start ?? startPosition(stepsPerEpoch);
  if (from.stepsPerEpoch !== stepsPerEpoch) {
    throw new ResumeError(`the checkpoint was taken at ${from.stepsPerEpoch} steps per epoch, this run has ${stepsPerEpoch}: its data or batch size differ`);
  }
  const shuffleSeed = (epoch: number) => (options.scope ? deriveSeed(options.seed, 'shuffle', options.scope, epoch) : deriveSeed(options.seed, 'shuffle', epoch));
  let stepsDone = from.stepsDone;
  let epochsDone = from.epochsDone;
  let finalLoss = from.lastEpochLoss ?? NaN;
  await list.call('onTrainBegin', {
    epochs: options.epochs,
    stepsPerEpoch,
    totalSteps: stepsPerEpoch * options.epochs,
    trainCount: options.count,
    valCount: options.valCount ?? 0,
    batchSize,
    start: from,
  });
  for (let epoch = from.epochsDone; epoch < options.epochs && !list.stop; epoch++) {
    const hyper = options.hyperAt(epoch);
    await list.call('onEpochBegin', { epoch, ...hyper });
    if (list.stop) break;
    const epochStarted = performance.now();
    const order = permutation(options.count, createRng(shuffleSeed(epoch)));
    const resumed = epoch === from.epochsDone ? from : undefined;
    const skipBatches = resumed?.batchesDone ?? 0;
    let lossSum = resumed?.lossSum ?? 0;
    let correctSum = resumed?.correctSum ?? 0;
    let seen = resumed?.seen ?? 0;
    let batchesDone = skipBatches;
    let trainedSamples = 0;
    for (const [start, end] of [...ranges(options.count, batchSize)].slice(skipBatches)) {
      const step = stepsDone;
      const { loss, correct } = options.step(order.subarray(start, end), step, hyper);
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
    const measures = options.measure?.(epoch) ?? {};
    epochsDone = epoch + 1;
    await list.call('onEpochEnd', {
      epoch,
      step: stepsDone - 1,
      trainLoss: finalLoss,
      trainAccuracy: options.classification ? correctSum / seen : undefined,
      ...measures,
      ...hyper,
      samplesPerSec: seconds > 0 ? trainedSamples / seconds : 0,
      position: { ...startPosition(stepsPerEpoch), epochsDone, stepsDone, lastEpochLoss: finite(finalLoss) },
    });
  }
  const status = list.stop?.reason ?? 'completed';
  const result: EpochLoopResult = { status, epochsDone, stepsDone, finalLoss, reason: list.stop?.message };
  await list.call('onTrainEnd', { status, epochsDone, finalLoss, stepsDone, reason: result.reason });
  return result;
}

function startPosition(stepsPerEpoch: number): TrainingPosition {
  return { epochsDone: 0, stepsDone: 0, stepsPerEpoch, batchesDone: 0, lossSum: 0, correctSum: 0, seen: 0, lastEpochLoss: null };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
