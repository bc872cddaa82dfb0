import type { OptimizerConfig, TrainConfig } from '../../src-shared/config/schema';

/** Learning rate for a 0-based epoch: constant, lr0·f^epoch, or lr0·f^⌊epoch/every⌋. */
export function learningRateAt(config: Pick<TrainConfig, 'learningRate' | 'schedule'>, epoch: number): number {
  const { learningRate, schedule } = config;
  switch (schedule.kind) {
    case 'constant':
      return learningRate;
    case 'exponential':
      return learningRate * schedule.factor ** epoch;
    case 'step':
      return learningRate * schedule.factor ** Math.floor(epoch / schedule.every);
  }
}

/** SGD momentum for a 0-based epoch: linear from `from` to `to` over `epochs` epochs, then `to`; 0 for other optimizers. */
export function momentumAt(optimizer: OptimizerConfig, epoch: number): number {
  if (optimizer.kind !== 'sgd') return 0;
  const ramp = optimizer.momentumRamp;
  if (!ramp) return optimizer.momentum;
  const progress = Math.min(1, epoch / ramp.epochs);
  return ramp.from + (ramp.to - ramp.from) * progress;
}
