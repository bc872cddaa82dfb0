import { describe, expect, it } from 'vitest';
import { comparePanels, lossAxisLabel, resolveTask, runPanels, type CurvePanel } from '../../../../src-renderer/charts/curve-panels';
import { METRIC } from '../../../../src-shared/api/metrics';

const keysOf = (panel: CurvePanel) => panel.curves.map((curve) => curve.key);
const byId = (panels: CurvePanel[]) => Object.fromEntries(panels.map((panel) => [panel.id, panel]));

describe('which curves a run shows', () => {
  it('the task the trainer reported wins; before that the dataset’s; else classification', () => {
    const datasets = [
      { name: 'cars', task: 'regression' as const },
      { name: 'mnist', task: 'classification' as const },
    ];
    expect(resolveTask({ task: 'classification', dataset: 'cars' }, datasets)).toBe('classification');
    expect(resolveTask({ task: null, dataset: 'cars' }, datasets)).toBe('regression');
    expect(resolveTask({ task: null, dataset: 'deleted' }, datasets)).toBe('classification');
    expect(resolveTask(undefined, datasets)).toBe('classification');
  });

  it('classification: loss and accuracy, per step, per epoch and on validation', () => {
    const panels = runPanels({ id: 'r', task: 'classification', loss: 'softmax-cross-entropy' }, true);
    expect(panels.map((panel) => panel.id)).toEqual(['loss', 'acc']);
    expect(keysOf(panels[0])).toEqual([METRIC.trainLossStep, METRIC.trainLoss, METRIC.valLoss]);
    expect(keysOf(panels[1])).toEqual([METRIC.trainAccStep, METRIC.trainAcc, METRIC.valAcc]);
    expect(panels.map((panel) => panel.yLabel)).toEqual(['cross-entropy (nats)', 'accuracy (0–1)']);
    expect(panels.flatMap((panel) => panel.curves).every((curve) => curve.runId === 'r')).toBe(true);
    // Per epoch there are no per-step points to draw.
    const perEpoch = runPanels({ id: 'r', task: 'classification', loss: 'softmax-cross-entropy' }, false);
    expect(keysOf(perEpoch[1])).toEqual([METRIC.trainAcc, METRIC.valAcc]);
  });

  it('regression: MSE loss in target units squared, and validation RMSE and MAE instead of accuracy', () => {
    const panels = runPanels({ id: 'r', task: 'regression', loss: 'mse' }, true);
    const { loss, error } = byId(panels);
    expect(panels.map((panel) => panel.id)).toEqual(['loss', 'error']);
    expect(loss.yLabel).toBe('MSE (target units²)');
    expect(keysOf(loss)).toEqual([METRIC.trainLossStep, METRIC.trainLoss, METRIC.valLoss]);
    expect(keysOf(error)).toEqual([METRIC.valRmse, METRIC.valMae]);
    expect(error.curves.map((curve) => [curve.label, curve.style])).toEqual([
      ['validation RMSE', 'val'],
      ['validation MAE', 'val-second'],
    ]);
    expect(error.yLabel).toBe('error (target units)');
    const plotted = panels.flatMap(keysOf);
    for (const key of [METRIC.trainAccStep, METRIC.trainAcc, METRIC.valAcc]) expect(plotted).not.toContain(key);
  });

  it('the loss axis names the loss the run trained with', () => {
    expect(lossAxisLabel('mse', 'classification')).toBe('MSE');
    expect(lossAxisLabel('mse', 'regression')).toBe('MSE (target units²)');
    expect(lossAxisLabel('softmax-cross-entropy', 'classification')).toBe('cross-entropy (nats)');
  });
});

describe('which curves compared runs show', () => {
  const mnist = { id: 'a', name: 'mnist-1', task: 'classification' as const, loss: 'softmax-cross-entropy' as const };
  const cars = { id: 'b', name: 'cars-1', task: 'regression' as const, loss: 'mse' as const };
  const cars2 = { id: 'c', name: 'cars-2', task: 'regression' as const, loss: 'mse' as const };

  it('classification runs only: loss and accuracy per epoch, as before', () => {
    const panels = comparePanels([mnist, { ...mnist, id: 'a2', name: 'mnist-2' }]);
    expect(panels.map((panel) => panel.id)).toEqual(['loss', 'acc']);
    expect(keysOf(panels[1])).toEqual([METRIC.trainAcc, METRIC.valAcc, METRIC.trainAcc, METRIC.valAcc]);
    expect(panels[1].curves.map((curve) => curve.label)).toEqual(['mnist-1 train', 'mnist-1 val', 'mnist-2 train', 'mnist-2 val']);
  });

  it('regression runs only: loss and validation RMSE/MAE, labelled per run, no accuracy chart', () => {
    const panels = comparePanels([cars, cars2]);
    const { loss, error } = byId(panels);
    expect(panels.map((panel) => panel.id)).toEqual(['loss', 'error']);
    expect(loss.yLabel).toBe('MSE (target units²)');
    expect(error.curves.map((curve) => `${curve.runId} ${curve.key} ${curve.label}`)).toEqual([
      `b ${METRIC.valRmse} cars-1 val RMSE`,
      `b ${METRIC.valMae} cars-1 val MAE`,
      `c ${METRIC.valRmse} cars-2 val RMSE`,
      `c ${METRIC.valMae} cars-2 val MAE`,
    ]);
  });

  it('mixed: every run’s loss on a neutral axis; accuracy only for the classifier, RMSE/MAE only for the regressor', () => {
    const { loss, acc, error } = byId(comparePanels([mnist, cars]));
    expect(loss.yLabel).toBe('loss');
    expect(new Set(loss.curves.map((curve) => curve.runId))).toEqual(new Set(['a', 'b']));
    expect(new Set(acc.curves.map((curve) => curve.runId))).toEqual(new Set(['a']));
    expect(new Set(error.curves.map((curve) => curve.runId))).toEqual(new Set(['b']));
  });
});
