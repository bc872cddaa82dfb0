import type { TemplateInfo } from '../../../src-shared/api/contract';
import { METRIC } from '../../../src-shared/api/metrics';
import type { DatasetRef, FirstLayerWeights, RunSummary } from '../../../src-shared/api/run';
import { discordantCounts } from '../../../src-shared/stats';
import {
  compareVariants,
  curveBands,
  STUDY_VARIANTS,
  weightNormHistogram,
  type StudyDetail,
  type StudyOptions,
  type StudyPair,
  type StudyRun,
  type StudySummary,
  type StudyVariant,
} from '../../../src-shared/study';
import type { RunStore, StudyRecord } from '../../store';
import { runWeights } from '../run-views';
import { studySlots } from './study-plan';
import { runPredictions, type FinishedRunCache, type TestLabels } from './test-outcomes';

export const STUDY_CURVE_KEYS = [METRIC.trainLoss, METRIC.valLoss, METRIC.trainAcc, METRIC.valAcc];

interface Slot {
  variant: StudyVariant;
  seed: number;
  run: RunSummary | undefined;
}

/** The study's options and data as stored. */
export function storedStudy(record: StudyRecord): { template: TemplateInfo; options: StudyOptions; dataset: DatasetRef } {
  const template = record.template as TemplateInfo;
  const options = record.options as StudyOptions;
  const dataset: DatasetRef = {
    name: template.dataset.name,
    ...(options.trainLimit ? { trainLimit: options.trainLimit } : {}),
    ...(options.testLimit ? { testLimit: options.testLimit } : {}),
  };
  return { template, options, dataset };
}

/** Each (variant, seed) slot with its latest run (a later run of a slot is a retry after a crash). */
export function studySlotRuns(store: RunStore, record: StudyRecord): Slot[] {
  const { options } = storedStudy(record);
  const latest = new Map<string, string>();
  for (const link of store.studies.runsOf(record.id)) latest.set(`${link.variant}:${link.seed}`, link.runId);
  return studySlots(options.seeds).map(({ variant, seed }) => {
    const runId = latest.get(`${variant}:${seed}`);
    return { variant, seed, run: runId ? store.getSummary(runId) : undefined };
  });
}

function toStudyRun(slot: Slot): StudyRun | null {
  const run = slot.run;
  if (!run) return null;
  return {
    runId: run.id,
    variant: slot.variant,
    seed: slot.seed,
    status: run.status,
    epochs: run.epochs,
    epochsDone: run.epochsDone,
    testErrors: run.testErrors,
    wallMs: run.wallMs,
    datasetFingerprint: run.datasetFingerprint,
    error: run.error,
  };
}

const isDone = (run: RunSummary | undefined): run is RunSummary => run?.status === 'completed' && run.testErrors !== null;

/** Seeds whose two runs both completed, with both runs. */
function completePairs(slots: Slot[]): { seed: number; dropout: RunSummary; noDropout: RunSummary }[] {
  const seeds = [...new Set(slots.map((slot) => slot.seed))].sort((a, b) => a - b);
  const pairs: { seed: number; dropout: RunSummary; noDropout: RunSummary }[] = [];
  for (const seed of seeds) {
    const dropout = slots.find((s) => s.seed === seed && s.variant === 'dropout')?.run;
    const noDropout = slots.find((s) => s.seed === seed && s.variant === 'noDropout')?.run;
    if (isDone(dropout) && isDone(noDropout)) pairs.push({ seed, dropout, noDropout });
  }
  return pairs;
}

function testCountOf(store: RunStore, runId: string): number | null {
  return store.getRun(runId)?.run.datasetInfo?.testSize ?? null;
}

export function summariseStudy(store: RunStore, record: StudyRecord, slots = studySlotRuns(store, record)): StudySummary {
  const { template, options, dataset } = storedStudy(record);
  const active = slots.some((slot) => slot.run?.status === 'queued' || slot.run?.status === 'running');
  const completed = slots.filter((slot) => slot.run?.status === 'completed').length;
  const failed = slots.filter((slot) => slot.run && !['queued', 'running', 'completed'].includes(slot.run.status)).length;
  const pairs = completePairs(slots);
  const testCount = pairs.length > 0 ? testCountOf(store, pairs[0].dropout.id) : null;
  const statistics =
    testCount === null
      ? null
      : compareVariants(
          pairs.map((pair) => ({ seed: pair.seed, dropoutErrors: pair.dropout.testErrors!, noDropoutErrors: pair.noDropout.testErrors! })),
          testCount,
          options.epochs ?? 0,
        );
  return {
    id: record.id,
    name: record.name,
    key: record.key,
    templateId: template.id,
    options,
    dataset,
    status: active ? 'running' : completed === slots.length ? 'completed' : 'incomplete',
    runsTotal: slots.length,
    runsCompleted: completed,
    runsFailed: failed,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    verdict: statistics?.verdict ?? null,
  };
}

/** Everything the study view and the report show: runs, statistics with McNemar, curve bands, weights. */
export async function studyDetail(store: RunStore, record: StudyRecord, labels: TestLabels, cache: FinishedRunCache): Promise<StudyDetail> {
  const { template, options, dataset } = storedStudy(record);
  const slots = studySlotRuns(store, record);
  const pairs = completePairs(slots);
  const testLabels = pairs.length > 0 ? labels.get(dataset) : null;

  const studyPairs: StudyPair[] = pairs.map((pair) => {
    const predictions = (runId: string) => cache.get(`predictions:${runId}`, () => runPredictions(store.dataDir, store.getRun(runId)!));
    const a = predictions(pair.dropout.id);
    const b = predictions(pair.noDropout.id);
    const usable = a && b && testLabels && a.length === testLabels.length && b.length === testLabels.length;
    const counts = usable ? discordantCounts(a, b, testLabels) : undefined;
    return {
      seed: pair.seed,
      dropoutErrors: pair.dropout.testErrors!,
      noDropoutErrors: pair.noDropout.testErrors!,
      discordant: counts && { onlyDropoutRight: counts.onlyARight, onlyNoDropoutRight: counts.onlyBRight },
    };
  });
  const testCount = pairs.length > 0 ? testCountOf(store, pairs[0].dropout.id) : null;
  const statistics = testCount === null ? null : compareVariants(studyPairs, testCount, options.epochs ?? 0);

  const curves = {} as StudyDetail['curves'];
  for (const variant of STUDY_VARIANTS) {
    const series = slots.filter((slot) => slot.variant === variant && slot.run).map((slot) => store.getMetrics(slot.run!.id, STUDY_CURVE_KEYS));
    curves[variant] = curveBands(series, STUDY_CURVE_KEYS);
  }

  const weights: Record<StudyVariant, FirstLayerWeights | null> = { dropout: null, noDropout: null };
  const weightPair = pairs[0];
  if (weightPair) {
    const firstLayer = (runId: string) => cache.get(`weights:${runId}`, () => runWeights(store, store.getRun(runId)!));
    weights.dropout = await firstLayer(weightPair.dropout.id);
    weights.noDropout = await firstLayer(weightPair.noDropout.id);
  }

  return {
    study: summariseStudy(store, record, slots),
    runs: slots.map(toStudyRun).filter((run): run is StudyRun => run !== null),
    statistics,
    curves,
    weights,
    weightSeed: weightPair?.seed ?? null,
    weightNorms: weightNormHistogram(weights),
    reference: template.reference ?? null,
    templateName: template.name,
  };
}
