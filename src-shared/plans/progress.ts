import { FINISHED_STATUSES, type RunStatus } from '../api/run';
import type { PlanProgress } from './types';

/** What the plan's progress needs of one slot's latest run; `fraction` and `etaMs` come from its live progress. */
export interface SlotRunState {
  status: RunStatus | 'not started';
  wallMs?: number | null;
  fraction?: number;
  etaMs?: number | null;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Runs done of the whole plan and the time left: the running runs' own ETAs, then each queued run handed to
 * whichever of `parallel` trainers frees up first, taking as long as the plan's completed runs took on
 * average (or, before one completed, as long as the running runs are projected to take).
 */
export function planProgress(slots: readonly SlotRunState[], parallel: number): PlanProgress {
  const done = slots.filter((s) => s.status !== 'not started' && FINISHED_STATUSES.includes(s.status));
  const running = slots.filter((s) => s.status === 'running');
  const queued = slots.length - done.length - running.length;
  const fractionOf = (s: SlotRunState) => (s.status === 'running' ? Math.min(1, Math.max(0, s.fraction ?? 0)) : done.includes(s) ? 1 : 0);
  const fraction = slots.length ? slots.reduce((sum, s) => sum + fractionOf(s), 0) / slots.length : 0;

  const durations = slots.filter((s) => s.status === 'completed' && (s.wallMs ?? 0) > 0).map((s) => s.wallMs!);
  const projected = running.flatMap((s) => {
    const f = fractionOf(s);
    return s.etaMs != null && f > 0.05 && f < 1 ? [s.etaMs / (1 - f)] : [];
  });
  const perRun = durations.length ? mean(durations) : projected.length ? mean(projected) : null;

  let etaMs: number | null = null;
  if (running.length === 0 && queued === 0) etaMs = 0;
  else if (perRun !== null || (queued === 0 && running.every((s) => s.etaMs != null))) {
    const trainers = running.map((s) => s.etaMs ?? perRun!);
    while (trainers.length < Math.max(1, parallel)) trainers.push(0);
    for (let i = 0; i < queued; i++) {
      trainers.sort((a, b) => a - b);
      trainers[0] += perRun!;
    }
    etaMs = Math.max(...trainers);
  }
  return { runsTotal: slots.length, runsDone: done.length, runsRunning: running.length, runsQueued: queued, fraction, etaMs };
}
