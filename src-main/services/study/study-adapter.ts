import type { PlanDetail, PlanSlotRef, PlanStartResult, PlanSummary } from '../../../src-shared/plans';
import { planSeedCount } from '../../../src-shared/plans/planners';
import {
  toStudyStatistics,
  type StudyDetail,
  type StudyOptions,
  type StudyRun,
  type StudySlotRef,
  type StudyStartResult,
  type StudySummary,
  type StudyVariant,
} from '../../../src-shared/study';

/** The dropout preset's arms are the study's variants. */
const variantOf = (arm: string): StudyVariant => (arm === 'noDropout' ? 'noDropout' : 'dropout');

const slotRef = (ref: PlanSlotRef): StudySlotRef => ({ variant: variantOf(ref.arm), seed: ref.seed, runId: ref.runId });

export function toStudyStart(start: PlanStartResult): StudyStartResult {
  return {
    studyId: start.planId,
    resumed: start.resumed,
    skipped: start.skipped.map(slotRef),
    pending: start.pending.map(slotRef),
    queued: start.queued,
    continued: start.continued,
  };
}

export function toStudySummary(plan: PlanSummary): StudySummary {
  const { epochs, trainLimit, testLimit } = plan.plan;
  const seeds = planSeedCount(plan.plan);
  const options: StudyOptions = { seeds, epochs, ...(trainLimit ? { trainLimit } : {}), ...(testLimit ? { testLimit } : {}) };
  return {
    id: plan.id,
    name: plan.name,
    key: plan.key,
    templateId: plan.templateId,
    options,
    dataset: plan.dataset,
    status: plan.status,
    runsTotal: plan.runsTotal,
    runsCompleted: plan.runsCompleted,
    runsFailed: plan.runsFailed,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    verdict: plan.headline,
  };
}

/** A dropout plan's detail in the studies.* shape (variants dropout and noDropout). */
export function toStudyDetail(detail: PlanDetail): StudyDetail {
  const comparison = detail.comparison!;
  const runs: StudyRun[] = detail.slots.flatMap((slot) =>
    slot.run
      ? [
          {
            runId: slot.run.runId,
            variant: variantOf(slot.arm),
            seed: slot.seed,
            status: slot.run.status,
            epochs: slot.run.epochs,
            epochsDone: slot.run.epochsDone,
            testErrors: slot.run.testErrors,
            wallMs: slot.run.wallMs,
            datasetFingerprint: slot.run.datasetFingerprint,
            error: slot.run.error,
          },
        ]
      : [],
  );
  const norms = comparison.weightNorms;
  return {
    study: toStudySummary(detail.plan),
    runs,
    statistics: toStudyStatistics(comparison.statistics),
    curves: { dropout: comparison.curves.a, noDropout: comparison.curves.b },
    weights: { dropout: comparison.weights.a, noDropout: comparison.weights.b },
    weightSeed: comparison.weightSeed,
    weightNorms: norms && { edges: norms.edges, counts: { dropout: norms.counts.a, noDropout: norms.counts.b } },
    reference: detail.reference,
    templateName: detail.templateName,
  };
}
