import type { MetricPoint } from '../../../src-shared/api/metrics';
import type { FromTrainer } from '../../../src-shared/api/trainer-protocol';
import type { StageDef } from '../../../src-shared/procedures/types';
import type { ProgressReport } from '../callbacks/progress';

type StageEndStatus = 'completed' | 'stopped' | 'failed';

/**
 * The stages of one run as the trainer goes through them: announces each stage's begin and end, stamps
 * metric points with the current stage, and turns a stage's progress into the run's too (stages weighted
 * by their epochs). The run's ETA is the current stage's rest at its own measured pace plus the later
 * stages' epochs at the mean time per epoch of the stages run so far, so one slow stage (a DBM's joint
 * training, about 7 times an RBM epoch) does not hide behind the cheap ones before it.
 */
export class StageTracker {
  private current = -1;
  private stageBegan: number;
  /** Milliseconds and epochs (weights) of the stages this run ran to their end; carried-over ones are not counted. */
  private finishedMs = 0;
  private finishedWeight = 0;
  /** True while carriedOver replays a stage the parent run finished. */
  private carrying = false;

  constructor(
    private readonly runId: string,
    readonly stages: readonly StageDef[],
    private readonly send: (message: FromTrainer) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.stageBegan = now();
  }

  get index(): number {
    return this.current;
  }

  begin(index: number): StageDef {
    const stage = this.require(index);
    this.current = index;
    this.stageBegan = this.now();
    this.send({ type: 'stage', runId: this.runId, event: 'begin', index, name: stage.name, label: stage.label, kind: stage.kind, epochs: stage.epochs });
    this.progress(index, 0);
    return stage;
  }

  end(index: number, status: StageEndStatus, epochsDone: number): void {
    const stage = this.require(index);
    // An epoch loop reports its own last progress; a solve or an evaluation is done when it ends.
    if (status === 'completed' && stage.kind !== 'epochs') this.progress(index, 1);
    if (status === 'completed' && !this.carrying) {
      this.finishedMs += this.now() - this.stageBegan;
      this.finishedWeight += weightOf(stage);
    }
    this.send({ type: 'stage', runId: this.runId, event: 'end', index, name: stage.name, label: stage.label, kind: stage.kind, epochs: stage.epochs, status, epochsDone });
  }

  /** A stage a resumed run does not run again: its parent finished it, and the checkpoint holds what it left. */
  carriedOver(index: number, epochsDone: number): void {
    this.carrying = true;
    try {
      this.begin(index);
      this.end(index, 'completed', epochsDone);
    } finally {
      this.carrying = false;
    }
  }

  /** Runs one stage between its begin and end messages; a throw ends it 'failed' and goes on up. */
  async run<T>(index: number, body: (stage: StageDef) => Promise<T> | T, outcome: (result: T) => { status: StageEndStatus; epochsDone: number }): Promise<T> {
    const stage = this.begin(index);
    let result: T;
    try {
      result = await body(stage);
    } catch (error) {
      this.end(index, 'failed', 0);
      throw error;
    }
    const { status, epochsDone } = outcome(result);
    this.end(index, status, epochsDone);
    return result;
  }

  /** Metric points of the current stage; stage 0's carry no stage, as points did before stages. */
  stamp(points: MetricPoint[]): MetricPoint[] {
    return this.current > 0 ? points.map((point) => ({ ...point, stage: this.current })) : points;
  }

  /** A stage's own progress report, with the stage and the whole run's fraction and ETA added. */
  withRun(report: ProgressReport): ProgressReport {
    const fraction = report.totalSteps > 0 ? report.step / report.totalSteps : 0;
    return { ...report, ...this.runFigures(this.current, fraction) };
  }

  /** Progress of a stage without minibatches (a solve, an evaluation): `fraction` of it done, reported in thousandths. */
  progress(index: number, fraction: number): void {
    const stage = this.require(index);
    const run = this.runFigures(index, fraction);
    const elapsed = this.now() - this.stageBegan;
    const etaMs = fraction > 0.001 && fraction < 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : 0;
    this.send({ type: 'progress', runId: this.runId, epoch: 0, epochs: stage.epochs, step: Math.round(fraction * 1000), totalSteps: 1000, samplesPerSec: 0, etaMs, ...run });
  }

  private runFigures(index: number, fraction: number): Pick<ProgressReport, 'stage' | 'runFraction' | 'runEtaMs'> {
    const stage = this.require(index);
    const weights = this.stages.map(weightOf);
    const total = weights.reduce((a, b) => a + b, 0);
    const part = Math.min(1, Math.max(0, fraction));
    const done = weights.slice(0, index).reduce((a, b) => a + b, 0) + weights[index] * part;
    const runFraction = Math.min(1, done / total);
    const stageMs = this.now() - this.stageBegan;
    const measuredWeight = this.finishedWeight + weights[index] * part;
    const perWeightMs = measuredWeight > 0.001 ? (this.finishedMs + stageMs) / measuredWeight : null;
    let runEtaMs: number | null = null;
    if (perWeightMs !== null && runFraction > 0.001) {
      // The current stage's own pace once a little of it is done (its first batches include warm-up), else the run's mean.
      const stageRest = part > 0.02 ? (stageMs / part) * (1 - part) : weights[index] * (1 - part) * perWeightMs;
      const laterWeight = weights.slice(index + 1).reduce((a, b) => a + b, 0);
      runEtaMs = Math.round(stageRest + laterWeight * perWeightMs);
    }
    return {
      stage: { index, count: this.stages.length, name: stage.name, label: stage.label },
      runFraction,
      runEtaMs,
    };
  }

  private require(index: number): StageDef {
    const stage = this.stages[index];
    if (!stage) throw new Error(`stage ${index} is not one of this run's ${this.stages.length} stages`);
    return stage;
  }
}

function weightOf(stage: StageDef): number {
  return Math.max(1, stage.epochs);
}
