import type { MetricPoint } from '../../../src-shared/api/metrics';
import type { FromTrainer } from '../../../src-shared/api/trainer-protocol';
import type { StageDef } from '../../../src-shared/procedures/types';
import type { ProgressReport } from '../callbacks/progress';

type StageEndStatus = 'completed' | 'stopped' | 'failed';

/**
 * The stages of one run as the trainer goes through them: announces each stage's begin and end, stamps
 * metric points with the current stage, and turns a stage's progress into the run's too (stages weighted
 * by their epochs; the run's ETA from the time spent so far).
 */
export class StageTracker {
  private current = -1;
  private readonly began = performance.now();
  private stageBegan = performance.now();

  constructor(
    private readonly runId: string,
    readonly stages: readonly StageDef[],
    private readonly send: (message: FromTrainer) => void,
  ) {}

  get index(): number {
    return this.current;
  }

  begin(index: number): StageDef {
    const stage = this.require(index);
    this.current = index;
    this.stageBegan = performance.now();
    this.send({ type: 'stage', runId: this.runId, event: 'begin', index, name: stage.name, label: stage.label, kind: stage.kind, epochs: stage.epochs });
    this.progress(index, 0);
    return stage;
  }

  end(index: number, status: StageEndStatus, epochsDone: number): void {
    const stage = this.require(index);
    // An epoch loop reports its own last progress; a solve or an evaluation is done when it ends.
    if (status === 'completed' && stage.kind !== 'epochs') this.progress(index, 1);
    this.send({ type: 'stage', runId: this.runId, event: 'end', index, name: stage.name, label: stage.label, kind: stage.kind, epochs: stage.epochs, status, epochsDone });
  }

  /** A stage a resumed run does not run again: its parent finished it, and the checkpoint holds what it left. */
  carriedOver(index: number, epochsDone: number): void {
    this.begin(index);
    this.end(index, 'completed', epochsDone);
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
    const elapsed = performance.now() - this.stageBegan;
    const etaMs = fraction > 0.001 && fraction < 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : 0;
    this.send({ type: 'progress', runId: this.runId, epoch: 0, epochs: stage.epochs, step: Math.round(fraction * 1000), totalSteps: 1000, samplesPerSec: 0, etaMs, ...run });
  }

  private runFigures(index: number, fraction: number): Pick<ProgressReport, 'stage' | 'runFraction' | 'runEtaMs'> {
    const stage = this.require(index);
    const weights = this.stages.map((def) => Math.max(1, def.epochs));
    const total = weights.reduce((a, b) => a + b, 0);
    const done = weights.slice(0, index).reduce((a, b) => a + b, 0) + weights[index] * Math.min(1, Math.max(0, fraction));
    const runFraction = Math.min(1, done / total);
    const elapsed = performance.now() - this.began;
    return {
      stage: { index, count: this.stages.length, name: stage.name, label: stage.label },
      runFraction,
      runEtaMs: runFraction > 0.001 ? Math.round((elapsed / runFraction) * (1 - runFraction)) : null,
    };
  }

  private require(index: number): StageDef {
    const stage = this.stages[index];
    if (!stage) throw new Error(`stage ${index} is not one of this run's ${this.stages.length} stages`);
    return stage;
  }
}
