import type { TemplateInfo } from '../../../src-shared/api/contract';
import { METRIC } from '../../../src-shared/api/metrics';
import type { Progress, RunSummary } from '../../../src-shared/api/run';
import {
  formatSettingValue,
  planProgress,
  shortPath,
  sweepResult,
  OBJECTIVE_LABELS,
  type PairedComparison,
  type PlanDetail,
  type PlanRun,
  type PlanSlot,
  type PlanSlotDetail,
  type PlanSummary,
  type SweepResult,
} from '../../../src-shared/plans';
import { planSeedCount } from '../../../src-shared/plans/planners';
import { discordantCounts, type DiscordantCounts } from '../../../src-shared/stats';
import { comparePaired, curveBands, weightNormHistogram, type PairedOutcome } from '../../../src-shared/study';
import type { RunStore, StudyRecord } from '../../store';
import { runWeights } from '../run-views';
import { runPredictions, type FinishedRunCache, type TestLabels } from '../study/test-outcomes';
import { preparePlan, storedPlanDef, type PreparedPlan } from './prepare-plan';
import { committeeOf } from './committee-detail';
import { committeeHeadline } from '../../../src-shared/plans/committee';
import type { CommitteeResult } from '../../../src-shared/plans';

export const PLAN_CURVE_KEYS = [METRIC.trainLoss, METRIC.valLoss, METRIC.trainAcc, METRIC.valAcc];

export interface SlotRuns {
  slot: PlanSlot;
  /** The slot's latest run. */
  run: RunSummary | undefined;
  attempts: string[];
}

/** The plan as stored, prepared again: arms, slots and settings (a 0.1.0 study reads as a dropout plan). */
export function storedPlan(record: StudyRecord): PreparedPlan {
  return preparePlan(record.template as TemplateInfo, storedPlanDef(record.options));
}

/** Each slot with its runs; the latest is the slot's run (an earlier one crashed or was stopped). */
export function slotRuns(store: RunStore, record: StudyRecord, prepared = storedPlan(record)): SlotRuns[] {
  const attempts = new Map<string, string[]>();
  for (const link of store.studies.runsOf(record.id)) {
    const key = `${link.variant}/s${link.seed}`;
    attempts.set(key, [...(attempts.get(key) ?? []), link.runId]);
  }
  return prepared.slots.map((slot) => {
    const runs = attempts.get(slot.key) ?? [];
    return { slot, run: runs.length ? store.getSummary(runs[runs.length - 1]) : undefined, attempts: runs };
  });
}

const isDone = (run: RunSummary | undefined): run is RunSummary => run?.status === 'completed' && run.testErrors !== null;
const isActive = (run: RunSummary | undefined) => run?.status === 'queued' || run?.status === 'running';

function toPlanRun(run: RunSummary): PlanRun {
  return {
    runId: run.id,
    status: run.status,
    epochs: run.epochs,
    epochsDone: run.epochsDone,
    testErrors: run.testErrors,
    testErrorRate: run.testErrorRate,
    testRmse: run.testRmse,
    finalLoss: run.finalLoss,
    wallMs: run.wallMs,
    datasetFingerprint: run.datasetFingerprint,
    error: run.error,
    parentRunId: run.parentRunId,
  };
}

/** Seeds whose A and B runs both completed, with both runs. */
function completePairs(prepared: PreparedPlan, slots: SlotRuns[]): { seed: number; a: RunSummary; b: RunSummary }[] {
  const [armA, armB] = prepared.arms;
  const pairs: { seed: number; a: RunSummary; b: RunSummary }[] = [];
  for (let seed = 1; seed <= planSeedCount(prepared.plan); seed++) {
    const a = slots.find((s) => s.slot.seed === seed && s.slot.arm === armA.key)?.run;
    const b = slots.find((s) => s.slot.seed === seed && s.slot.arm === armB.key)?.run;
    if (isDone(a) && isDone(b)) pairs.push({ seed, a, b });
  }
  return pairs;
}

const armRefs = (prepared: PreparedPlan) => ({
  a: { key: prepared.arms[0].key, label: prepared.arms[0].label },
  b: { key: prepared.arms[1].key, label: prepared.arms[1].label },
});

function testCountOf(store: RunStore, runId: string): number | null {
  return store.getRun(runId)?.run.datasetInfo?.testSize ?? null;
}

function sweepOf(prepared: PreparedPlan, slots: SlotRuns[]): SweepResult | null {
  if (prepared.plan.kind !== 'sweep') return null;
  return sweepResult(
    prepared.plan,
    prepared.arms,
    slots.map(({ slot, run }) => ({
      slot,
      run: run && {
        runId: run.id,
        status: run.status,
        task: run.task,
        testErrors: run.testErrors,
        testErrorRate: run.testErrorRate,
        testRmse: run.testRmse,
        finalLoss: run.finalLoss,
        wallMs: run.wallMs,
      },
    })),
  );
}

/** "lr=0.1 h1.units=32, seed 1: test error rate 0.031 (best of 8)". */
function sweepHeadline(sweep: SweepResult): string | null {
  const best = sweep.rows.find((row) => row.slot === sweep.bestSlot);
  if (!best || best.objective === null) return null;
  const settings = Object.entries(best.settings).map(([path, value]) => `${shortPath(path)}=${formatSettingValue(value)}`).join(' ');
  const done = sweep.rows.filter((row) => row.objective !== null).length;
  return `best: ${settings}, seed ${best.seed}: ${OBJECTIVE_LABELS[sweep.objective.key]} ${Number(best.objective.toPrecision(4))} (of ${done} completed run${done === 1 ? '' : 's'})`;
}

/** What summarises a plan: live progress, the trainers at once, and (for committees) the committee of its slots. */
export interface PlanLive {
  progress: (runId: string) => Progress | undefined;
  parallel: number;
  committee?: (prepared: PreparedPlan, slots: SlotRuns[]) => CommitteeResult;
}

export function summarisePlan(store: RunStore, record: StudyRecord, live: PlanLive, prepared = storedPlan(record), slots = slotRuns(store, record, prepared)): PlanSummary {
  const completed = slots.filter((s) => s.run?.status === 'completed').length;
  const failed = slots.filter((s) => s.run && !isActive(s.run) && s.run.status !== 'completed').length;
  let headline: string | null = null;
  if (prepared.plan.kind === 'committee') {
    headline = live.committee ? committeeHeadline(live.committee(prepared, slots)) : null;
  } else if (prepared.plan.kind === 'sweep') {
    headline = sweepHeadline(sweepOf(prepared, slots)!);
  } else {
    const pairs = completePairs(prepared, slots);
    const testCount = pairs.length > 0 ? testCountOf(store, pairs[0].a.id) : null;
    const outcomes = pairs.map((pair) => ({ seed: pair.seed, aErrors: pair.a.testErrors!, bErrors: pair.b.testErrors! }));
    headline = testCount === null ? null : (comparePaired(outcomes, testCount, prepared.plan.epochs ?? 0, armRefs(prepared))?.verdict ?? null);
  }
  const progress = planProgress(
    slots.map(({ run }) => {
      if (!run) return { status: 'not started' as const };
      const p = run.status === 'running' ? live.progress(run.id) : undefined;
      const fraction = p ? (p.runFraction ?? (p.epochs > 0 ? (p.epoch + (p.totalSteps > 0 ? p.step / p.totalSteps : 0)) / p.epochs : 0)) : run.epochs > 0 ? run.epochsDone / run.epochs : 0;
      return { status: run.status, wallMs: run.wallMs, fraction, etaMs: p ? (p.runEtaMs ?? p.etaMs) : null };
    }),
    live.parallel,
  );
  return {
    id: record.id,
    name: record.name,
    kind: prepared.plan.kind,
    key: record.key,
    templateId: record.templateId,
    plan: prepared.plan,
    dataset: prepared.dataset,
    status: slots.some((s) => isActive(s.run)) ? 'running' : completed === slots.length ? 'completed' : 'incomplete',
    runsTotal: slots.length,
    runsCompleted: completed,
    runsFailed: failed,
    progress,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    headline,
  };
}

/** Ablation and dropout: statistics with McNemar from the stored test predictions, curve bands, first-layer weights and their norms. */
async function pairedComparison(
  store: RunStore,
  prepared: PreparedPlan,
  slots: SlotRuns[],
  labels: TestLabels,
  cache: FinishedRunCache,
): Promise<PairedComparison> {
  const arms = armRefs(prepared);
  const pairs = completePairs(prepared, slots);
  const testLabels = pairs.length > 0 ? labels.get(prepared.dataset) : null;
  const predictions = (runId: string) => cache.get(`predictions:${runId}`, () => runPredictions(store.dataDir, store.getRun(runId)!));
  const outcomes: PairedOutcome[] = pairs.map((pair) => {
    const a = predictions(pair.a.id);
    const b = predictions(pair.b.id);
    const usable = a && b && testLabels && a.length === testLabels.length && b.length === testLabels.length;
    const discordant: DiscordantCounts | undefined = usable ? discordantCounts(a, b, testLabels) : undefined;
    return { seed: pair.seed, aErrors: pair.a.testErrors!, bErrors: pair.b.testErrors!, discordant };
  });
  const testCount = pairs.length > 0 ? testCountOf(store, pairs[0].a.id) : null;
  const statistics = testCount === null ? null : comparePaired(outcomes, testCount, prepared.plan.epochs ?? 0, arms);

  const curvesOf = (armKey: string) =>
    curveBands(
      slots.filter((s) => s.slot.arm === armKey && s.run).map((s) => store.getMetrics(s.run!.id, PLAN_CURVE_KEYS)),
      PLAN_CURVE_KEYS,
    );
  const weightPair = pairs[0];
  const firstLayer = (runId: string) => cache.get(`weights:${runId}`, () => runWeights(store, store.getRun(runId)!));
  const weights = weightPair ? { a: await firstLayer(weightPair.a.id), b: await firstLayer(weightPair.b.id) } : { a: null, b: null };
  return {
    arms,
    statistics,
    curves: { a: curvesOf(arms.a.key), b: curvesOf(arms.b.key) },
    weights,
    weightSeed: weightPair?.seed ?? null,
    weightNorms: weightNormHistogram(weights),
  };
}

export async function planDetail(store: RunStore, record: StudyRecord, live: PlanLive, labels: TestLabels, cache: FinishedRunCache): Promise<PlanDetail> {
  const prepared = storedPlan(record);
  const slots = slotRuns(store, record, prepared);
  const armOf = new Map(prepared.arms.map((arm) => [arm.key, arm]));
  const slotDetails: PlanSlotDetail[] = slots.map(({ slot, run, attempts }) => ({
    ...slot,
    armLabel: armOf.get(slot.arm)!.label,
    settings: armOf.get(slot.arm)!.overrides,
    run: run ? toPlanRun(run) : null,
    attempts,
  }));
  return {
    plan: summarisePlan(store, record, live, prepared, slots),
    arms: prepared.arms,
    slots: slotDetails,
    comparison: prepared.plan.kind === 'dropout' || prepared.plan.kind === 'ablation' ? await pairedComparison(store, prepared, slots, labels, cache) : null,
    sweep: sweepOf(prepared, slots),
    committee: prepared.plan.kind === 'committee' ? committeeOf(store, prepared, slots, labels, cache) : null,
    reference: prepared.template.reference ?? null,
    templateName: prepared.template.name,
  };
}
