import { METRIC } from '../../src-shared/api/metrics';
import type { SlurmSlotStatus } from '../../src-shared/plans/slurm';
import { alignCurves, type Curve } from '../charts/align';
import { seriesColor } from '../charts/chart-colors';
import type { ChartModel, ChartSeries } from '../charts/chart-model';

/** The Slurm tasks' loss per epoch as their records hold it: train solid, validation dashed, a colour per slot. */
export function slurmLiveModel(slots: readonly SlurmSlotStatus[]): ChartModel {
  const curves: Curve[] = [];
  const series: ChartSeries[] = [];
  slots.forEach((slot, index) => {
    for (const [key, split, dash] of [[METRIC.trainLoss, 'train', undefined], [METRIC.valLoss, 'val', [4, 3]]] as const) {
      const points = slot.live?.curves[key] ?? [];
      if (points.length === 0) continue;
      curves.push({ x: points.map(([epoch]) => epoch), y: points.map(([, value]) => value) });
      series.push({ label: `${slot.slot} ${split}`, color: seriesColor(index), dash: dash ? [...dash] : undefined, points: true });
    }
  });
  return { xLabel: 'epoch', integerX: true, sourcePoints: curves.reduce((n, c) => n + c.x.length, 0), series, data: alignCurves(curves), marks: [] };
}

/** "epoch 3/10 · loss 0.412 · val acc 91.2%". */
export function liveText(slot: SlurmSlotStatus): string {
  if (!slot.live) return '';
  const { epochsDone, epochs, trainLoss, valAcc } = slot.live;
  const parts = [`epoch ${Math.floor(epochsDone)}/${epochs}`];
  if (trainLoss !== null) parts.push(`loss ${trainLoss.toFixed(4)}`);
  if (valAcc !== null) parts.push(`val acc ${(valAcc * 100).toFixed(1)}%`);
  return parts.join(' · ');
}
