import type { ApiEvent } from '../../src-shared/api/contract';
import { trainedOn } from '../../src-shared/api/backend';
import { METRIC } from '../../src-shared/api/metrics';
import { DBM_METRIC } from '../../src-shared/procedures/dbm';
import { DBN_METRIC } from '../../src-shared/procedures/dbn';
import type { Progress, StageInfo } from '../../src-shared/api/run';
import { formatDuration, formatNumber, formatPercent } from './format';

const BAR_WIDTH = 24;

/**
 * Shows a run's progress on stderr: a line when training starts and one per finished epoch; on a
 * terminal also a live line below them, redrawn in place (epoch, bar, step, loss, samples/s, ETA).
 */
export class ProgressView {
  private loss: number | null = null;
  private lastProgress: Progress | null = null;
  private drawn = false;

  constructor(
    private readonly runId: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly live = Boolean(out.isTTY),
  ) {}

  handle(event: ApiEvent): void {
    if ('runId' in event && event.runId !== this.runId) return;
    if (event.type === 'run.started') {
      const { backend, dataset } = event;
      this.line(
        `training on ${dataset.name} (${dataset.trainSize} train, ${dataset.valSize} validation, ${dataset.testSize} test examples) with the ${backend.name} backend${backend.native ? ' + native kernels' : ''}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}, on ${trainedOn(backend)}`,
      );
      if (backend.gpuNote) this.line(backend.gpuNote);
    } else if (event.type === 'run.metrics') {
      for (const point of event.points) {
        if (point.key === METRIC.trainLossStep) this.loss = point.value;
      }
      this.printEpochLines(event.points);
    } else if (event.type === 'run.progress' && event.progress.runId === this.runId) {
      this.lastProgress = event.progress;
      if (this.live) this.redraw();
    } else if (event.type === 'run.stage' && this.multiStage(event.stage.index)) {
      this.printStageLine(event.stage);
    }
  }

  /** Clears the live line so following output starts on a clean line. */
  finish(): void {
    if (this.live && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  line(text: string): void {
    this.finish();
    this.out.write(`${text}\n`);
    if (this.live && this.lastProgress) this.redraw();
  }

  /** Stage lines only for runs of more than one stage: a plain backprop run prints as it always did. */
  private multiStage(index: number): boolean {
    return index > 0 || (this.lastProgress?.stage?.count ?? 1) > 1;
  }

  /** `stage 1/2 Solving for the components: completed in 4.2 s (1 epoch); run 50%, ETA 4 s`. */
  private printStageLine(stage: StageInfo): void {
    const count = this.lastProgress?.stage?.count;
    const name = `stage ${stage.index + 1}${count ? `/${count}` : ''} ${stage.label}`;
    if (stage.status === 'running' || stage.status === 'pending') return;
    const took = stage.startedAt && stage.endedAt ? ` in ${formatDuration(Date.parse(stage.endedAt) - Date.parse(stage.startedAt))}` : '';
    const epochs = stage.kind === 'epochs' ? ` (${stage.epochsDone} epoch${stage.epochsDone === 1 ? '' : 's'})` : '';
    const p = this.lastProgress;
    const run = p?.runFraction !== undefined ? `; run ${Math.floor(p.runFraction * 100)}%${p.runEtaMs != null && p.runFraction < 1 ? `, ETA ${formatDuration(p.runEtaMs)}` : ''}` : '';
    this.line(`${name}: ${stage.status}${took}${epochs}${run}`);
  }

  private redraw(): void {
    const p = this.lastProgress!;
    const fraction = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const staged = p.stage && p.stage.count > 1;
    const where = staged ? `stage ${p.stage!.index + 1}/${p.stage!.count} ${p.stage!.label}` : `epoch ${p.epoch + 1}/${p.epochs}`;
    const inStage = staged && p.epochs > 1 ? `  epoch ${p.epoch + 1}/${p.epochs}` : '';
    const steps = staged && p.totalSteps === 1000 && p.samplesPerSec === 0 ? '' : `  step ${p.step}/${p.totalSteps}  loss ${formatNumber(this.loss)}  ${Math.round(p.samplesPerSec)} samples/s`;
    const run = staged && p.runFraction !== undefined ? `  run ${Math.floor(p.runFraction * 100)}%, ETA ${formatDuration(p.runEtaMs ?? null)}` : `  ETA ${formatDuration(p.etaMs)}`;
    const text = `${where} ${bar} ${Math.floor(fraction * 100)}%${inStage}${steps}${run}`;
    this.out.write(`\r\x1b[2K${text.slice(0, (this.out.columns || 200) - 1)}`);
    this.drawn = true;
  }

  private printEpochLines(points: readonly { key: string; epoch: number; value: number }[]): void {
    const bound = points.find((point) => point.key === DBM_METRIC.testLowerBoundEpoch);
    if (bound) this.line(`joint epoch ${bound.epoch}: test lower bound ${formatNumber(bound.value)} nats per image (log Z by the cheap per-epoch AIS)`);
    const test = points.find((point) => point.key === DBM_METRIC.testErrorRateEpoch || point.key === DBN_METRIC.testErrorRateEpoch);
    if (test) this.line(`fine-tuning epoch ${test.epoch}: test error ${formatPercent(test.value)}`);
    const epochEnd = points.find((point) => point.key === METRIC.trainLoss);
    if (!epochEnd) return;
    const at = (key: string) => points.find((point) => point.key === key && point.epoch === epochEnd.epoch)?.value;
    const parts = [`epoch ${epochEnd.epoch}${this.lastProgress ? `/${this.lastProgress.epochs}` : ''}: train loss ${formatNumber(epochEnd.value)}`];
    const valAcc = at(METRIC.valAcc);
    if (valAcc !== undefined) parts.push(`validation accuracy ${formatPercent(valAcc)}`);
    const valRmse = at(METRIC.valRmse);
    const valMae = at(METRIC.valMae);
    if (valRmse !== undefined) parts.push(`validation RMSE ${formatNumber(valRmse)}`);
    if (valMae !== undefined) parts.push(`MAE ${formatNumber(valMae)}`);
    const speed = at(METRIC.samplesPerSec);
    if (speed !== undefined) parts.push(`${Math.round(speed)} samples/s`);
    if (this.lastProgress) parts.push(`ETA ${formatDuration(this.lastProgress.etaMs)}`);
    this.line(parts.join(', '));
  }
}
