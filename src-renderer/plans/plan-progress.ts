import type { Progress, RunStatus } from '../../src-shared/api/run';
import { FINISHED_STATUSES } from '../../src-shared/api/run';

/** What the progress line needs to know about one run of a plan. */
export interface PlanRunState {
  runId: string;
  status: RunStatus;
  /** Epochs the run was asked for and those done, from the stored run (live progress refines it). */
  epochs?: number;
  epochsDone?: number;
  wallMs?: number | null;
}

export interface PlanProgress {
  total: number;
  /** Finished runs (completed, or failed/diverged/crashed/stopped: nothing more will happen to them). */
  done: number;
  completed: number;
  failed: number;
  running: number;
  queued: number;
  /** Of the whole plan, 0–1, counting the running runs' own progress. */
  fraction: number;
  /** Time until the last run ends, or null before anything can be estimated. */
  etaMs: number | null;
}

/** How far one run is, 0–1. */
export function runFraction(run: PlanRunState, progress: Progress | undefined): number {
  if (FINISHED_STATUSES.includes(run.status)) return 1;
  if (run.status === 'running' && progress) {
    if (progress.runFraction !== undefined) return Math.min(1, Math.max(0, progress.runFraction));
    if (progress.totalSteps > 0 && progress.epochs > 0) return Math.min(1, (progress.epoch + progress.step / progress.totalSteps) / progress.epochs);
  }
  return run.epochs && run.epochsDone ? Math.min(1, run.epochsDone / run.epochs) : 0;
}

/**
 * Runs done of total, the fraction and an ETA: the running runs' own ETAs, then the queued runs handed to
 * whichever of `parallel` trainers frees up first, each taking as long as the plan's finished runs took
 * on average (or, before any finished, as the running runs are projected to take).
 */
export function planProgress(runs: readonly PlanRunState[], progress: Readonly<Record<string, Progress>>, parallel: number): PlanProgress {
  const finished = runs.filter((run) => FINISHED_STATUSES.includes(run.status));
  const completed = runs.filter((run) => run.status === 'completed');
  const running = runs.filter((run) => run.status === 'running');
  const queued = runs.filter((run) => !FINISHED_STATUSES.includes(run.status) && run.status !== 'running');
  const total = runs.length;
  const fraction = total ? runs.reduce((sum, run) => sum + runFraction(run, progress[run.runId]), 0) / total : 0;

  const runningEtas = running.map((run) => {
    const p = progress[run.runId];
    return p ? (p.runEtaMs ?? p.etaMs) : null;
  });
  const durations = completed.map((run) => run.wallMs).filter((ms): ms is number => typeof ms === 'number' && ms > 0);
  const projected = running.flatMap((run, i) => {
    const eta = runningEtas[i];
    const f = runFraction(run, progress[run.runId]);
    return eta !== null && f > 0.05 && f < 1 ? [eta / (1 - f)] : [];
  });
  const perRun = durations.length ? mean(durations) : projected.length ? mean(projected) : null;

  let etaMs: number | null;
  if (running.length === 0 && queued.length === 0) etaMs = total ? 0 : null;
  else if (runningEtas.some((eta) => eta === null) && perRun === null) etaMs = null;
  else if (queued.length > 0 && perRun === null) etaMs = null;
  else {
    const slots = runningEtas.map((eta) => eta ?? perRun!);
    while (slots.length < Math.max(1, parallel)) slots.push(0);
    for (let i = 0; i < queued.length; i++) {
      slots.sort((a, b) => a - b);
      slots[0] += perRun!;
    }
    etaMs = Math.max(...slots);
  }
  return {
    total,
    done: finished.length,
    completed: completed.length,
    failed: finished.length - completed.length,
    running: running.length,
    queued: queued.length,
    fraction,
    etaMs,
  };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
