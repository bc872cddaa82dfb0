import { METRIC } from '../../src-shared/api/metrics';
import type { RunSummary } from '../../src-shared/api/run';

export type Task = NonNullable<RunSummary['task']>;
export type LossKind = RunSummary['loss'];

/** How a curve is drawn: per-step training, per-epoch training, validation, or a second validation metric. */
export type CurveStyle = 'step' | 'train' | 'val' | 'val-second';

export interface PanelCurve {
  runId: string;
  key: string;
  label: string;
  style: CurveStyle;
}

/** One chart: what it plots and what its y axis measures. */
export interface CurvePanel {
  id: 'loss' | 'acc' | 'error';
  title: string;
  yLabel: string;
  curves: PanelCurve[];
}

type RunFacts = Pick<RunSummary, 'id' | 'name' | 'task' | 'loss'>;

/**
 * A run's task: the one its trainer reported, else (not started yet) its dataset's, else classification.
 * Charts need it before the first metric arrives, to show accuracy or RMSE/MAE.
 */
export function resolveTask(run: Pick<RunSummary, 'task' | 'dataset'> | undefined, datasets: readonly { name: string; task: Task }[]): Task {
  return run?.task ?? datasets.find((dataset) => dataset.name === run?.dataset)?.task ?? 'classification';
}

/** The y axis of a loss chart: cross-entropy is in nats; MSE of regression targets in their units squared. */
export function lossAxisLabel(loss: LossKind, task: Task): string {
  if (loss === 'softmax-cross-entropy') return 'cross-entropy (nats)';
  return task === 'regression' ? 'MSE (target units²)' : 'MSE';
}

const ACC_AXIS = 'accuracy (0–1)';
const ERROR_AXIS = 'error (target units)';

/**
 * The live charts of one run. Classification: loss and accuracy, each per step, per epoch and on validation.
 * Regression records no accuracy but validation RMSE and MAE per epoch (in the target's units: targets are not
 * rescaled), so its second chart plots those.
 */
export function runPanels(run: { id: string; task: Task; loss: LossKind }, perStep: boolean): CurvePanel[] {
  const curve = (key: string, label: string, style: CurveStyle): PanelCurve => ({ runId: run.id, key, label, style });
  const trainCurves = (stepKey: string, epochKey: string, valKey: string) => [
    ...(perStep ? [curve(stepKey, 'train (step)', 'step')] : []),
    curve(epochKey, 'train (epoch)', 'train'),
    curve(valKey, 'validation', 'val'),
  ];
  const loss: CurvePanel = { id: 'loss', title: 'Loss', yLabel: lossAxisLabel(run.loss, run.task), curves: trainCurves(METRIC.trainLossStep, METRIC.trainLoss, METRIC.valLoss) };
  if (run.task === 'regression') {
    const error: CurvePanel = {
      id: 'error',
      title: 'Validation RMSE and MAE',
      yLabel: ERROR_AXIS,
      curves: [curve(METRIC.valRmse, 'validation RMSE', 'val'), curve(METRIC.valMae, 'validation MAE', 'val-second')],
    };
    return [loss, error];
  }
  return [loss, { id: 'acc', title: 'Accuracy', yLabel: ACC_AXIS, curves: trainCurves(METRIC.trainAccStep, METRIC.trainAcc, METRIC.valAcc) }];
}

/**
 * Compared runs, per epoch: every run's loss; accuracy for the classification runs; validation RMSE and MAE for
 * the regression runs. A chart whose runs all lack its metric is left out.
 */
export function comparePanels(runs: readonly (RunFacts & { task: Task })[]): CurvePanel[] {
  const pair = (run: RunFacts, first: [string, string, CurveStyle], second: [string, string, CurveStyle]): PanelCurve[] => [
    { runId: run.id, key: first[0], label: `${run.name} ${first[1]}`, style: first[2] },
    { runId: run.id, key: second[0], label: `${run.name} ${second[1]}`, style: second[2] },
  ];
  const lossLabels = new Set(runs.map((run) => lossAxisLabel(run.loss, run.task)));
  const panels: CurvePanel[] = [
    {
      id: 'loss',
      title: 'Loss per epoch',
      yLabel: lossLabels.size === 1 ? [...lossLabels][0] : 'loss',
      curves: runs.flatMap((run) => pair(run, [METRIC.trainLoss, 'train', 'train'], [METRIC.valLoss, 'val', 'val'])),
    },
  ];
  const classification = runs.filter((run) => run.task === 'classification');
  if (classification.length) {
    panels.push({
      id: 'acc',
      title: 'Accuracy per epoch',
      yLabel: ACC_AXIS,
      curves: classification.flatMap((run) => pair(run, [METRIC.trainAcc, 'train', 'train'], [METRIC.valAcc, 'val', 'val'])),
    });
  }
  const regression = runs.filter((run) => run.task === 'regression');
  if (regression.length) {
    panels.push({
      id: 'error',
      title: 'Validation RMSE and MAE per epoch',
      yLabel: ERROR_AXIS,
      curves: regression.flatMap((run) => pair(run, [METRIC.valRmse, 'val RMSE', 'val'], [METRIC.valMae, 'val MAE', 'val-second'])),
    });
  }
  return panels;
}
