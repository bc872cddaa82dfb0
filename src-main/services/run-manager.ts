import { availableParallelism } from 'node:os';
import type { BackendInfo } from '../../src-shared/api/backend';
import type { ApiEvent, StartRunParams } from '../../src-shared/api/contract';
import { FINISHED_STATUSES, type RunSummary } from '../../src-shared/api/run';
import type { FromTrainer, TrainJob } from '../../src-shared/api/trainer-protocol';
import type { RunStore } from '../store';
import { ActiveRun } from './active-run';
import { ApiError } from './api-service-types';
import { APP_VERSION } from './app-version';
import { describeTrainerExit } from './crash-message';
import { runParams } from './run-params';
import { validateRunInput } from './run-input';
import { describeStorageFailure, diskFullMessage, isDiskFullText, isStorageFailure } from '../store/history-errors';
import { planResume, type ResumeOrder } from './run-resume';
import type { TrainerHostFactory } from './trainer-host-types';

const EXIT_GRACE_MS = 100;

export type LogLevel = 'info' | 'warn' | 'error';

export interface RunManagerOptions {
  store: RunStore;
  trainerHostFactory: TrainerHostFactory;
  /** Trainers running at once; default one per core. */
  maxParallel?: number;
  appVersion?: string;
  log?: (level: LogLevel, message: string) => void;
  /** Metrics are written at most this long after they arrive. */
  metricsFlushMs?: number;
  heartbeatMs?: number;
  /** A trainer asked to stop that has not finished after this long is killed. */
  stopTimeoutMs?: number;
}

/**
 * Runs trainings: validates a request, stores it as queued, and starts at most `maxParallel` trainer
 * processes at once, one per run. Trainer events go to the store (metrics in batched transactions) and
 * out to subscribers. A trainer that dies without a result leaves its run 'crashed' with its metrics.
 */
export class RunManager {
  readonly maxParallel: number;
  private readonly store: RunStore;
  private readonly factory: TrainerHostFactory;
  private readonly appVersion: string;
  private readonly log: (level: LogLevel, message: string) => void;
  private readonly flushMs: number;
  private readonly heartbeatMs: number;
  private readonly stopTimeoutMs: number;
  private readonly queue: TrainJob[] = [];
  private readonly active = new Map<string, ActiveRun>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private readonly waiters = new Map<string, ((run: RunSummary) => void)[]>();
  private lastBackend: BackendInfo | null = null;
  private closed = false;

  constructor(options: RunManagerOptions) {
    this.store = options.store;
    this.factory = options.trainerHostFactory;
    this.maxParallel = Math.max(1, options.maxParallel ?? availableParallelism());
    this.appVersion = options.appVersion ?? APP_VERSION;
    this.log = options.log ?? (() => {});
    this.flushMs = options.metricsFlushMs ?? 200;
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  }

  /** The backend the last trainer reported; null before any trainer started. */
  get backend(): BackendInfo | null {
    return this.lastBackend;
  }

  get runningCount(): number {
    return this.active.size;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /**
   * Validates and queues a run; throws ApiError('bad-request') naming the node or field at fault. With a
   * resume order the run continues another run's checkpoint, starting with that run's metrics up to it
   * (when the checkpoint's position is not known yet, once its trainer has restored it and said where).
   */
  start(params: StartRunParams, resume?: ResumeOrder): { runId: string } {
    if (this.closed) throw new ApiError('conflict', 'LayerLab is shutting down; no new runs are accepted');
    const input = validateRunInput(params, this.store.dataDir);
    if (params.experimentId && !this.store.experiments.get(params.experimentId)) {
      throw new ApiError('bad-request', `experimentId: no experiment with id "${params.experimentId}"`);
    }
    const run = this.store.createRun({
      name: input.name,
      experimentId: params.experimentId ?? null,
      spec: input.spec,
      config: input.config,
      datasetRef: input.dataset,
      procedure: input.procedure,
      stages: input.stages,
      appVersion: this.appVersion,
      params: runParams(input.spec, input.analysis, input.config, input.dataset),
      tags: params.tags,
      parentRunId: resume?.parentRunId,
    });
    if (resume?.from) this.store.recordResumePoint(run.id, resume.from);
    this.queue.push({
      runId: run.id,
      spec: input.spec,
      config: input.config,
      dataset: input.dataset,
      procedure: input.procedure,
      dataDir: this.store.dataDir,
      resume: resume?.job,
    });
    this.emit({ type: 'run.status', runId: run.id, status: 'queued', run: this.store.getSummary(run.id) });
    this.pump();
    return { runId: run.id };
  }

  /** Queues a new run continuing a crashed or stopped run from its last checkpoint (run-resume.ts). */
  resume(runId: string): { runId: string } {
    const { params, order } = planResume(this.store, runId);
    return this.start(params, order);
  }

  /** Stops a queued or running run; a finished run is left as it is. */
  stop(runId: string): void {
    const queued = this.queue.findIndex((job) => job.runId === runId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.store.finishRun(runId, 'stopped', { error: 'stopped before it started' });
      this.settle(runId);
      return;
    }
    const active = this.active.get(runId);
    if (active) {
      if (active.stopRequested || active.finished) return;
      active.stopRequested = true;
      active.host.send({ type: 'stop', runId });
      active.stopTimer = setTimeout(() => {
        this.log('warn', `run ${runId}: the trainer did not stop within ${this.stopTimeoutMs} ms; killing it`);
        void active.host.dispose(0);
      }, this.stopTimeoutMs);
      active.stopTimer.unref();
      return;
    }
    if (!this.store.getSummary(runId)) throw new ApiError('not-found', `no run with id "${runId}"`);
  }

  /** Resolves with the run's summary once it has finished (at once if it already has). */
  waitForRun(runId: string): Promise<RunSummary> {
    const summary = this.store.getSummary(runId);
    if (!summary) return Promise.reject(new ApiError('not-found', `no run with id "${runId}"`));
    if (FINISHED_STATUSES.includes(summary.status)) return Promise.resolve(summary);
    return new Promise((resolve) => {
      const list = this.waiters.get(runId) ?? [];
      list.push(resolve);
      this.waiters.set(runId, list);
    });
  }

  /** The pid of a run's trainer process while it runs. */
  trainerPid(runId: string): number | undefined {
    return this.active.get(runId)?.host.pid;
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by the API service for changes it makes itself (rename, delete). */
  emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log('error', `an event listener failed: ${(error as Error).message}`);
      }
    }
  }

  /** Stops every run (queued ones at once, running ones gracefully, killed after the stop timeout) and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue]) this.stop(job.runId);
    const running = [...this.active.values()];
    for (const run of running) this.stop(run.runId);
    await Promise.all(running.map((run) => run.exited));
    this.listeners.clear();
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.maxParallel && this.queue.length > 0) {
      this.launch(this.queue.shift()!);
    }
  }

  /** Cores for a trainer starting now: all of them, shared evenly when other runs will train beside it. */
  private threadShare(): number {
    const trainers = Math.min(this.maxParallel, this.active.size + this.queue.length);
    return Math.max(1, Math.floor(availableParallelism() / Math.max(1, trainers)));
  }

  private launch(job: TrainJob): void {
    let host;
    try {
      host = this.factory();
    } catch (error) {
      this.store.finishRun(job.runId, 'failed', { error: `could not start a trainer process: ${(error as Error).message}` });
      this.settle(job.runId);
      return;
    }
    const run = new ActiveRun(job, host, this.store, this.flushMs, this.heartbeatMs);
    run.onWriteError = (error) => this.abandon(run, error);
    this.active.set(job.runId, run);
    host.onMessage((message) => {
      try {
        this.onTrainerMessage(run, message);
      } catch (error) {
        if (isStorageFailure(error)) return this.abandon(run, error);
        this.log('error', `run ${job.runId}: could not record the trainer's "${message.type}" message: ${(error as Error).message}`);
      }
    });
    host.onStderr((line) => {
      run.addStderr(line);
      this.log('warn', `trainer ${job.runId.slice(0, 8)}: ${line}`);
    });
    // Messages the trainer sent just before exiting may still be in the pipe when 'exit' fires.
    host.onExit((exit) =>
      setTimeout(() => {
        try {
          this.onTrainerExit(run, exit);
        } catch (error) {
          this.active.delete(run.runId);
          this.abandon(run, error);
          run.markExited();
          this.pump();
        }
      }, EXIT_GRACE_MS),
    );
    this.store.markRunning(job.runId, host.pid ?? null);
    this.emit({ type: 'run.status', runId: job.runId, status: 'running', run: this.store.getSummary(job.runId) });
    host.send({ type: 'start', job: { ...job, threads: this.threadShare() } });
  }

  private onTrainerMessage(run: ActiveRun, message: FromTrainer): void {
    if ('runId' in message && message.runId !== run.runId) {
      this.log('warn', `trainer for run ${run.runId} sent a "${message.type}" message for run ${message.runId}; ignored`);
      return;
    }
    switch (message.type) {
      case 'ready':
        return;
      case 'started':
        this.lastBackend = message.backend;
        this.store.markStarted(run.runId, message.backend, message.dataset);
        this.emit({ type: 'run.started', runId: run.runId, backend: message.backend, dataset: message.dataset });
        return;
      case 'resumed':
        this.store.recordResumePoint(run.runId, { epoch: message.epoch, step: message.step, stage: message.stage ?? 0 });
        return;
      case 'metrics':
        run.epoch ??= 1;
        run.addMetrics(message.points);
        this.emit({ type: 'run.metrics', runId: run.runId, points: message.points });
        return;
      case 'progress': {
        const { type: _type, ...progress } = message;
        run.epoch = progress.epoch + 1;
        this.emit({ type: 'run.progress', progress });
        return;
      }
      case 'artifact': {
        const artifact = this.store.recordArtifact(run.runId, { kind: message.kind, name: message.name, path: message.path, bytes: message.bytes, stage: message.stage });
        this.emit({ type: 'run.artifact', runId: run.runId, artifact });
        return;
      }
      case 'stage': {
        run.flush();
        if (message.event === 'begin') this.store.stages.begin(run.runId, message.index);
        else this.store.stages.end(run.runId, message.index, message.status ?? 'completed', message.epochsDone ?? 0);
        const stage = this.store.stages.get(run.runId, message.index);
        if (stage) this.emit({ type: 'run.stage', runId: run.runId, stage });
        return;
      }
      case 'finished':
        run.end();
        run.finished = true;
        this.store.finishRun(run.runId, message.status, {
          result: message.result,
          error: message.error && isDiskFullText(message.error) ? diskFullMessage(this.store.dataDir) : message.error,
        });
        this.settle(run.runId);
        void run.host.dispose(5000);
        return;
      case 'log':
        this.log(message.level, `trainer ${run.runId.slice(0, 8)}: ${message.message}`);
        return;
    }
  }

  private onTrainerExit(run: ActiveRun, exit: { code: number | null; signal: string | null }): void {
    this.active.delete(run.runId);
    if (!run.finished) {
      run.end();
      const metricPoints = this.store.countMetrics(run.runId);
      const message = describeTrainerExit({ ...exit, epoch: run.epoch, metricPoints, lastStderr: run.stderrTail.at(-1) });
      if (run.stopRequested) {
        this.store.finishRun(run.runId, 'stopped', { error: `stopped by request; ${message}` });
      } else {
        this.store.markCrashed(run.runId, message);
        this.log('error', `run ${run.runId}: ${message}`);
      }
      this.settle(run.runId);
    }
    run.markExited();
    this.pump();
  }

  /**
   * The history could not take the run's writes (the disk is full): the run ends as failed, its trainer is
   * stopped, and waiters hear so even when the failure itself cannot be written down; the next start
   * finds the run without a live owner and marks it crashed.
   */
  private abandon(run: ActiveRun, error: unknown): void {
    if (run.abandoned) return;
    run.abandoned = true;
    run.finished = true;
    const message = describeStorageFailure(error, this.store.dataDir);
    this.log('error', `run ${run.runId}: ${message}`);
    try {
      run.end();
    } catch {
      // The buffered metrics are lost with the disk; the run's outcome below is what matters.
    }
    let recorded = true;
    try {
      this.store.finishRun(run.runId, 'failed', { error: message });
    } catch {
      recorded = false;
    }
    this.settle(run.runId, recorded ? undefined : { status: 'failed', error: message });
    void run.host.dispose(0);
  }

  /** The run has a final status in the store (or, when the store could not take it, in `unrecorded`): tell subscribers and waiters. */
  private settle(runId: string, unrecorded?: Pick<RunSummary, 'status' | 'error'>): void {
    const stored = this.store.getSummary(runId);
    if (!stored) return;
    const summary = { ...stored, ...unrecorded };
    // The summary is the runs table's new row: no list refetch for a status change.
    this.emit({ type: 'run.status', runId, status: summary.status, error: summary.error, run: summary });
    const waiters = this.waiters.get(runId) ?? [];
    this.waiters.delete(runId);
    for (const resolve of waiters) resolve(summary);
  }
}
