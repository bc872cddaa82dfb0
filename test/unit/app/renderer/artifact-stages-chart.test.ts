import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../../src-shared/api/metrics';
import { MetricBuffer } from '../../../../src-renderer/state/metric-buffer';
import { chartModel } from '../../../../src-renderer/charts/chart-model';
import { stageOffsets } from '../../../../src-renderer/charts/stage-axis';

const point = (stage: number, step: number, value: number, epoch = step / 10): MetricPoint => ({ key: 'train/loss', stage, step, epoch, wallMs: 0, value });
const request = { runId: 'r', key: 'train/loss', label: 'loss', color: '#000' };

describe('charts of multi-stage runs', () => {
  it('keeps the points of a second stage whose steps start again at 0, after the first stage on a running step axis', () => {
    const buffer = new MetricBuffer();
    expect(buffer.append('r', [point(0, 0, 5), point(0, 1, 4), point(0, 2, 3)])).toBe(3);
    // Stage 1 counts from 0 again: its points are new, not duplicates of stage 0's steps 0–2.
    expect(buffer.append('r', [point(1, 0, 2), point(1, 1, 1)])).toBe(2);
    // A repeat of an already buffered (stage, step) is still skipped.
    expect(buffer.append('r', [point(1, 1, 1), point(0, 2, 3)])).toBe(0);
    const columns = buffer.series('r', 'train/loss')!;
    expect(columns.stages).toEqual([0, 0, 0, 1, 1]);
    expect(columns.steps).toEqual([0, 1, 2, 0, 1]);

    const model = chartModel(buffer, [request], 'step');
    expect(model.data[0]).toEqual([0, 1, 2, 3, 4]);
    expect(model.data[1]).toEqual([5, 4, 3, 2, 1]);
    expect(model.marks).toEqual([{ x: 3, label: 'stage 2' }]);
    expect(model.sourcePoints).toBe(5);
  });

  it('keeps them through a reload of the stored series, and puts epochs of a restarting stage after the first', () => {
    const buffer = new MetricBuffer();
    buffer.append('r', [point(1, 2, 0.5, 1)]);
    buffer.load('r', {
      'train/loss': [
        { step: 1, epoch: 0.5, wallMs: 0, value: 3 },
        { step: 2, epoch: 1, wallMs: 0, value: 2 },
        { stage: 1, step: 1, epoch: 0.5, wallMs: 0, value: 1 },
      ],
    });
    expect(buffer.series('r', 'train/loss')!.steps).toEqual([1, 2, 1, 2]);
    const byEpoch = chartModel(buffer, [request], 'epoch');
    expect(byEpoch.data[0]).toEqual([0.5, 1, 1.5, 2]);
    expect(byEpoch.data[1]).toEqual([3, 2, 1, 0.5]);
    expect(byEpoch.marks.map((mark) => mark.label)).toEqual(['stage 2']);
  });

  it('leaves single-stage runs and stages that count on from the one before where they are', () => {
    expect(stageOffsets([{ stage: 0, minStep: 0, maxStep: 99, minEpoch: 0, maxEpoch: 1 }]).boundaries).toEqual([]);
    const onward = stageOffsets([
      { stage: 0, minStep: 1, maxStep: 100, minEpoch: 0, maxEpoch: 1 },
      { stage: 1, minStep: 101, maxStep: 200, minEpoch: 1, maxEpoch: 2 },
    ]);
    expect(onward.step.get(1)).toBe(0);
    expect(onward.boundaries[0].step).toBe(101);
    const buffer = new MetricBuffer();
    buffer.append('r', [point(0, 1, 1), point(0, 2, 2)]);
    const model = chartModel(buffer, [request], 'step');
    expect(model.data[0]).toEqual([1, 2]);
    expect(model.marks).toEqual([]);
    expect(model.xLabel).toBe('step');
  });
});
