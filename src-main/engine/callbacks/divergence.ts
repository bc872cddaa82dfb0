import type { Callback } from './types';

/** Ends the run as 'diverged' at the first batch whose loss is NaN or infinite. */
export function divergenceCallback(): Callback {
  return {
    onBatchEnd({ loss, step, epoch }, control) {
      if (!Number.isFinite(loss)) {
        control.requestStop('diverged', `training loss became ${loss} at step ${step} (epoch ${epoch + 1}); try a smaller learning rate`);
      }
    },
  };
}
