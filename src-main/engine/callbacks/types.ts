/** What the fit loop tells its callbacks; the loop itself only calls the list (as tfjs-layers' base_callbacks). */

export type StopReason = 'stopped' | 'diverged';

/**
 * Where training stands: all a later fit needs to continue as if it had never stopped. Randomness needs
 * no state here: shuffles derive from (seed, epoch) and dropout masks from (seed, step).
 */
export interface TrainingPosition {
  /** Completed epochs. */
  epochsDone: number;
  /** Completed minibatch steps in the run: the next step's global index. */
  stepsDone: number;
  stepsPerEpoch: number;
  /** Batches of epoch `epochsDone` already trained (0 at an epoch boundary) and their running sums. */
  batchesDone: number;
  lossSum: number;
  correctSum: number;
  seen: number;
  /** Mean training loss of the last completed epoch; null before the first. */
  lastEpochLoss: number | null;
  /** The stage of a multi-stage run this position is in (absent: 0); a stage-boundary checkpoint is at its start. */
  stage?: number;
}

export interface TrainBegin {
  epochs: number;
  stepsPerEpoch: number;
  totalSteps: number;
  trainCount: number;
  valCount: number;
  batchSize: number;
  /** Where this fit begins: the start of the run, or a checkpoint's position. */
  start: TrainingPosition;
}

export interface EpochBegin {
  epoch: number;
  learningRate: number;
  momentum: number;
}

export interface BatchEnd {
  epoch: number;
  /** Global minibatch index, 0-based; the step this batch completed. */
  step: number;
  /** 1-based count of completed steps in the run. */
  stepsDone: number;
  batchSize: number;
  loss: number;
  /** Classification: fraction of the batch predicted right (with dropout active). */
  accuracy?: number;
  /** Training's position after this batch. */
  position: TrainingPosition;
}

export interface EpochEnd {
  epoch: number;
  /** Global index of the epoch's last step. */
  step: number;
  trainLoss: number;
  trainAccuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  valRmse?: number;
  valMae?: number;
  learningRate: number;
  momentum: number;
  samplesPerSec: number;
  /** Training's position after this epoch (and its validation). */
  position: TrainingPosition;
}

export interface TrainEnd {
  status: 'completed' | StopReason;
  epochsDone: number;
  finalLoss: number;
  stepsDone: number;
  /** Why training stopped early, when it did. */
  reason?: string;
}

/** Handed to callbacks so they can end training; honoured after the current batch. */
export interface TrainingControl {
  requestStop(reason: StopReason, message: string): void;
}

type Hook<T> = (event: T, control: TrainingControl) => void | Promise<void>;

export interface Callback {
  onTrainBegin?: Hook<TrainBegin>;
  onEpochBegin?: Hook<EpochBegin>;
  onBatchEnd?: Hook<BatchEnd>;
  onEpochEnd?: Hook<EpochEnd>;
  onTrainEnd?: Hook<TrainEnd>;
}
