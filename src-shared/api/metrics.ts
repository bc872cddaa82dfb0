/** Metric keys stored per run. `step` is the global minibatch index; epoch metrics use the epoch's last step. */
export const METRIC = {
  trainLossStep: 'train/loss',
  trainAccStep: 'train/acc',
  trainLoss: 'epoch/train_loss',
  trainAcc: 'epoch/train_acc',
  valLoss: 'epoch/val_loss',
  valAcc: 'epoch/val_acc',
  valRmse: 'epoch/val_rmse',
  valMae: 'epoch/val_mae',
  learningRate: 'epoch/lr',
  momentum: 'epoch/momentum',
  samplesPerSec: 'epoch/samples_per_sec',
  testErrors: 'test/errors',
  testErrorRate: 'test/error_rate',
  testLoss: 'test/loss',
  testRmse: 'test/rmse',
  testMae: 'test/mae',
} as const;

export type MetricKey = (typeof METRIC)[keyof typeof METRIC] | (string & {});

export type { MetricPoint } from './records';

export interface SeriesPoint {
  /** Present when not 0: the stage of a multi-stage run. Order is (stage, step). */
  stage?: number;
  step: number;
  epoch: number;
  wallMs: number;
  value: number;
}

export type MetricSeries = Record<string, SeriesPoint[]>;
