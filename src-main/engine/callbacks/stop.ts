import type { Callback, TrainingControl } from './types';

/** Stops after the current batch once `signal` is aborted (a user's stop request). */
export function stopCallback(signal: AbortSignal): Callback {
  const check = (_event: unknown, control: TrainingControl) => {
    if (signal.aborted) control.requestStop('stopped', 'stopped on request');
  };
  return { onEpochBegin: check, onBatchEnd: check };
}
