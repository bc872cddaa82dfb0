import { FINISHED_STATUSES } from '../../src-shared/api/run';
import type { RunManager } from '../services/run-manager';
import { StudyProgressView, type ProgressSlot } from '../services/study/study-progress-view';
import type { RunStore } from '../store';
import { formatDuration, formatPercent } from './format';

export interface FollowedPlan {
  /** The runs this start queued or found queued/running, with their labels. */
  pending: readonly ProgressSlot[];
  /** Slots already settled before this start. */
  skipped: number;
  stop(): void;
  waitFor(): Promise<unknown>;
}

/**
 * Follows a started plan on stderr until every run has finished: progress lines with the plan's ETA, a
 * line per finished run; Ctrl-C stops the plan (a second one kills its trainers). Resolves true when
 * interrupted.
 */
export async function followPlan(plan: FollowedPlan, manager: RunManager, store: RunStore, setView: (view: StudyProgressView) => void): Promise<boolean> {
  const progress = new StudyProgressView(plan.pending, { duration: formatDuration, percent: (rate) => formatPercent(rate, 0) }, { alreadyDone: plan.skipped, parallel: manager.maxParallel });
  setView(progress);
  const pendingIds = new Set(plan.pending.map((slot) => slot.runId));
  const unsubscribe = manager.subscribe((event) => {
    progress.handle(event);
    if (event.type === 'run.status' && pendingIds.has(event.runId) && FINISHED_STATUSES.includes(event.status)) {
      const run = store.getSummary(event.runId);
      const result =
        run?.testErrors != null
          ? `${run.testErrors} test errors (${formatPercent(run.testErrorRate)})`
          : run?.testRmse != null
            ? `test RMSE ${Number(run.testRmse.toPrecision(4))}`
            : (run?.error ?? '');
      progress.finished(event.runId, `${event.status}${result ? `: ${result}` : ''} in ${formatDuration(run?.wallMs)}`, {
        wallMs: run?.wallMs ?? null,
        completed: event.status === 'completed',
      });
    }
  });
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) {
      for (const runId of pendingIds) {
        const pid = manager.trainerPid(runId);
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      }
      return;
    }
    interrupted = true;
    progress.line('stopping after the current batches… run the same command again to continue');
    plan.stop();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    await plan.waitFor();
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    unsubscribe();
    progress.finish();
  }
  return interrupted;
}
