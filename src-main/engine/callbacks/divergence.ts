import type { Callback } from './types';

/**
 * Ends the run as 'diverged' at the first batch whose loss is NaN or infinite, or has grown beyond
 * `factor` times the first batch's loss (Adam with an absurd learning rate explodes without ever
 * reaching NaN: its steps are bounded by the learning rate).
 */
export function divergenceCallback(factor = 1e4): Callback {
  let firstLoss: number | null = null;
  return {
    onBatchEnd({ loss, step, epoch }, control) {
      const where = `at step ${step} (epoch ${epoch + 1}); try a smaller learning rate`;
      if (!Number.isFinite(loss)) {
        control.requestStop('diverged', `training loss became ${loss} ${where}`);
        return;
      }
      firstLoss ??= loss;
      const limit = factor * Math.max(firstLoss, 1e-2);
      if (loss > limit) {
        control.requestStop('diverged', `training loss ${loss.toPrecision(3)} is over ${factor}× the first batch's ${firstLoss.toPrecision(3)} ${where}`);
      }
    },
  };
}
