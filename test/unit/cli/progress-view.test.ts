import { describe, expect, it } from 'vitest';
import { METRIC, type MetricPoint } from '../../../src-shared/api/metrics';
import { ProgressView } from '../../../src-main/cli/progress-view';

/** A non-terminal stderr that keeps what was written. */
function sink() {
  const chunks: string[] = [];
  const out = { write: (text: string) => chunks.push(text), isTTY: false, columns: 120 } as unknown as NodeJS.WriteStream;
  return { out, text: () => chunks.join('') };
}

const point = (key: string, value: number): MetricPoint => ({ key, step: 89, epoch: 1, wallMs: 1000, value } as MetricPoint);

describe('ProgressView epoch lines', () => {
  it('name the validation accuracy of a classification run', () => {
    const { out, text } = sink();
    const view = new ProgressView('r1', out);
    view.handle({ type: 'run.metrics', runId: 'r1', points: [point(METRIC.trainLoss, 0.51234), point(METRIC.valAcc, 0.9081)] });
    expect(text()).toBe('epoch 1: train loss 0.5123, validation accuracy 90.81%\n');
  });

  it('name the validation RMSE and MAE of a regression run', () => {
    const { out, text } = sink();
    const view = new ProgressView('r2', out);
    view.handle({
      type: 'run.metrics', runId: 'r2',
      points: [point(METRIC.trainLoss, 17.2), point(METRIC.valRmse, 4.0412), point(METRIC.valMae, 3.0388)],
    });
    expect(text()).toBe('epoch 1: train loss 17.2, validation RMSE 4.041, MAE 3.039\n');
  });

  it('name the test error of each fine-tuning epoch of a DBM or DBN run, and the DBM\'s lower bound per joint epoch', () => {
    const { out, text } = sink();
    const view = new ProgressView('r3', out);
    view.handle({ type: 'run.metrics', runId: 'r3', points: [point('dbm/test_lower_bound_epoch', -108.5)] });
    view.handle({ type: 'run.metrics', runId: 'r3', points: [point('dbm/test_error_rate', 0.0167)] });
    view.handle({ type: 'run.metrics', runId: 'r3', points: [point('dbn/test_error_rate', 0.0121)] });
    expect(text()).toBe(
      'joint epoch 1: test lower bound -108.5 nats per image (log Z by the cheap per-epoch AIS)\nfine-tuning epoch 1: test error 1.67%\nfine-tuning epoch 1: test error 1.21%\n',
    );
  });

  it('ignore other runs', () => {
    const { out, text } = sink();
    new ProgressView('mine', out).handle({ type: 'run.metrics', runId: 'other', points: [point(METRIC.trainLoss, 1)] });
    expect(text()).toBe('');
  });
});
