import { describe, expect, it } from 'vitest';
import { liveText, slurmLiveModel } from '../../../../src-renderer/plans/slurm-live';
import type { SlurmSlotStatus } from '../../../../src-shared/plans/slurm';

function slot(key: string, curves: Record<string, [number, number][]>, extra: Partial<NonNullable<SlurmSlotStatus['live']>> = {}): SlurmSlotStatus {
  return {
    slot: key, arm: key.split('/')[0], seed: 1, state: 'running', taskId: '7_0', runId: `run-${key}`, attempts: 1, synced: false, slurmState: 'RUNNING', message: null,
    live: { epochsDone: 2, epochs: 10, metricPoints: 9, trainLoss: 0.41234, valLoss: 0.5, valAcc: 0.9125, heartbeatAt: null, curves, ...extra },
  };
}

describe('Slurm live curves in the Plans view', () => {
  it('draws each task\'s train and validation loss per epoch on one epoch axis, a colour per slot', () => {
    const model = slurmLiveModel([
      slot('g1/s1', { 'epoch/train_loss': [[1, 0.9], [2, 0.5]], 'epoch/val_loss': [[1, 1.0], [2, 0.6]], 'epoch/val_acc': [[1, 0.7], [2, 0.8]] }),
      slot('g2/s1', { 'epoch/train_loss': [[1, 0.8], [2, 0.4], [3, 0.3]] }),
    ]);
    expect(model.series.map((s) => [s.label, s.dash ?? null])).toEqual([['g1/s1 train', null], ['g1/s1 val', [4, 3]], ['g2/s1 train', null]]);
    expect(model.series[0].color).toBe(model.series[1].color);
    expect(model.series[2].color).not.toBe(model.series[0].color);
    expect(model.data).toEqual([[1, 2, 3], [0.9, 0.5, null], [1.0, 0.6, null], [0.8, 0.4, 0.3]]);
    expect(model.sourcePoints).toBe(7);
    expect(model).toMatchObject({ xLabel: 'epoch', integerX: true, marks: [] });
  });

  it('says the epoch, loss and validation accuracy so far; nothing before the task wrote its record', () => {
    expect(liveText(slot('g1/s1', {}))).toBe('epoch 2/10 · loss 0.4123 · val acc 91.3%');
    expect(liveText(slot('g1/s1', {}, { trainLoss: null, valAcc: null, epochsDone: 0 }))).toBe('epoch 0/10');
    expect(liveText({ ...slot('g1/s1', {}), live: null })).toBe('');
  });
});
