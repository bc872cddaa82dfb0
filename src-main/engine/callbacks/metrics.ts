import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';
import type { Callback } from './types';

/**
 * Turns training events into metric points and hands them over in batches: the per-step training loss
 * (and accuracy) every `everySteps` steps, the epoch metrics at each epoch's end; flushed at most every
 * `flushMs` and at every epoch's end and at the end of training.
 */
export function metricsCallback(
  flush: (points: MetricPoint[]) => void,
  options: { everySteps?: number; flushMs?: number; now?: () => number } = {},
): Callback {
  const everySteps = options.everySteps ?? 10;
  const flushMs = options.flushMs ?? 250;
  const now = options.now ?? (() => performance.now());
  let started = 0;
  let lastFlush = 0;
  let pending: MetricPoint[] = [];
  let stepsPerEpoch = 1;
  const wall = () => Math.round(now() - started);
  const push = (key: string, step: number, epoch: number, value: number | undefined) => {
    // NaN and ±Infinity cannot cross the JSON channel; divergence is reported by the run's status.
    if (value !== undefined && Number.isFinite(value)) pending.push({ key, step, epoch, wallMs: wall(), value });
  };
  const send = () => {
    lastFlush = now();
    if (pending.length === 0) return;
    const points = pending;
    pending = [];
    flush(points);
  };
  return {
    onTrainBegin(begin) {
      stepsPerEpoch = Math.max(1, begin.stepsPerEpoch);
      started = now();
      lastFlush = started;
    },
    onBatchEnd({ step, loss, accuracy }) {
      if (step % everySteps === 0) {
        // Epochs done, fractional, so step points and epoch points share the epoch axis of charts.
        const epochsDone = (step + 1) / stepsPerEpoch;
        push(METRIC.trainLossStep, step, epochsDone, loss);
        push(METRIC.trainAccStep, step, epochsDone, accuracy);
      }
      if (now() - lastFlush >= flushMs) send();
    },
    onEpochEnd(end) {
      const epoch = end.epoch + 1;
      push(METRIC.trainLoss, end.step, epoch, end.trainLoss);
      push(METRIC.trainAcc, end.step, epoch, end.trainAccuracy);
      push(METRIC.valLoss, end.step, epoch, end.valLoss);
      push(METRIC.valAcc, end.step, epoch, end.valAccuracy);
      push(METRIC.valRmse, end.step, epoch, end.valRmse);
      push(METRIC.valMae, end.step, epoch, end.valMae);
      push(METRIC.learningRate, end.step, epoch, end.learningRate);
      push(METRIC.momentum, end.step, epoch, end.momentum);
      push(METRIC.samplesPerSec, end.step, epoch, end.samplesPerSec);
      send();
    },
    onTrainEnd() {
      send();
    },
  };
}
