import type { Progress } from '../../../src-shared/api/run';
import type { Callback } from './types';

export type ProgressReport = Omit<Progress, 'runId'>;

/**
 * Reports progress at most every `intervalMs` (and at each epoch's end), with throughput over the
 * run so far and the ETA it implies; a fit resumed from a checkpoint counts its pace from where it began.
 */
export function progressCallback(report: (progress: ProgressReport) => void, intervalMs = 250, now = () => performance.now()): Callback {
  let epochs = 0;
  let totalSteps = 0;
  let started = 0;
  let lastReport = -Infinity;
  let samples = 0;
  let epoch = 0;
  let lastStepsDone = 0;
  let firstStepsDone = 0;
  const send = (stepsDone: number) => {
    const elapsed = now() - started;
    const trained = stepsDone - firstStepsDone;
    const stepMs = trained > 0 ? elapsed / trained : 0;
    lastReport = now();
    report({
      epoch,
      epochs,
      step: stepsDone,
      totalSteps,
      samplesPerSec: elapsed > 0 ? (samples / elapsed) * 1000 : 0,
      etaMs: Math.max(0, (totalSteps - stepsDone) * stepMs),
    });
  };
  return {
    onTrainBegin(begin) {
      epochs = begin.epochs;
      totalSteps = begin.totalSteps;
      firstStepsDone = begin.start.stepsDone;
      lastStepsDone = firstStepsDone;
      epoch = begin.start.epochsDone;
      started = now();
    },
    onEpochBegin(begin) {
      epoch = begin.epoch;
    },
    onBatchEnd({ batchSize, stepsDone }) {
      samples += batchSize;
      lastStepsDone = stepsDone;
      if (now() - lastReport >= intervalMs) send(stepsDone);
    },
    onEpochEnd() {
      send(lastStepsDone);
    },
  };
}
