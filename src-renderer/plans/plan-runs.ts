import type { PlanDetail } from '../../src-shared/plans/types';
import type { PlanRunState } from './plan-progress';

/** Every slot of a plan as the progress line sees it; a slot not queued yet counts as queued. */
export function slotRunStates(detail: PlanDetail): PlanRunState[] {
  return detail.slots.map((slot) =>
    slot.run
      ? { runId: slot.run.runId, status: slot.run.status, epochs: slot.run.epochs, epochsDone: slot.run.epochsDone, wallMs: slot.run.wallMs }
      : { runId: `slot:${slot.key}`, status: 'queued' },
  );
}
