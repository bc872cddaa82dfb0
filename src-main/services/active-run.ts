import type { MetricPoint } from '../../src-shared/api/metrics';
import type { TrainJob } from '../../src-shared/api/trainer-protocol';
import type { TrainerHost } from './trainer-host-types';
import type { RunStore } from '../store';
import { METRIC } from '../../src-shared/api/metrics';

const STDERR_LINES_KEPT = 20;

/** One run with a live trainer: buffers its metrics into batched writes and beats its heartbeat. */
export class ActiveRun {
  /** 1-based epoch the trainer last reported progress in (progress counts from 0); null before the first report. */
  epoch: number | null = null;
  stopRequested = false;
  /** The trainer reported 'finished' and the store has the outcome. */
  finished = false;
  readonly stderrTail: string[] = [];
  private pending: MetricPoint[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private epochsDone = 0;
  stopTimer: NodeJS.Timeout | null = null;
  /** The history refused a write made from a timer (heartbeat, metric flush); the manager ends the run. */
  onWriteError: (error: unknown) => void = () => {};
  /** Ended by the manager because the history could not take its writes. */
  abandoned = false;
  /** Resolves once the manager has handled the trainer's exit. */
  readonly exited: Promise<void>;
  markExited: () => void = () => {};

  constructor(
    readonly job: TrainJob,
    readonly host: TrainerHost,
    private readonly store: RunStore,
    private readonly flushMs: number,
    heartbeatMs: number,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
    this.heartbeatTimer = setInterval(() => this.guarded(() => store.heartbeat(job.runId)), heartbeatMs);
    this.heartbeatTimer.unref();
  }

  get runId(): string {
    return this.job.runId;
  }

  addMetrics(points: readonly MetricPoint[]): void {
    this.pending.push(...points);
    // An epoch-end point's epoch is the epochs done in the whole run, a resumed run's earlier ones included.
    const epochEnds = points.filter((point) => point.key === METRIC.trainLoss).map((point) => point.epoch);
    if (epochEnds.length > 0) {
      this.flush();
      this.epochsDone = Math.max(this.epochsDone, ...epochEnds);
      this.store.setEpochsDone(this.runId, this.epochsDone);
      return;
    }
    if (this.pending.length >= 1000) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.guarded(() => this.flush()), this.flushMs);
      this.flushTimer.unref();
    }
  }

  /** Writes every buffered point in one transaction. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const points = this.pending;
    this.pending = [];
    this.store.appendMetrics(this.runId, points);
  }

  addStderr(line: string): void {
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_LINES_KEPT) this.stderrTail.shift();
  }

  /** Stops the timers and flushes; the host is disposed by the manager. */
  end(): void {
    clearInterval(this.heartbeatTimer);
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.flush();
  }

  private guarded(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.onWriteError(error);
    }
  }
}
