import type { DatasetRef, FirstLayerWeights, RunStatus } from '../api/run';
import type { McNemarTest } from '../stats/mcnemar';

/** The two arms of a dropout study: the template as it is, and its ablation without dropout. */
export const STUDY_VARIANTS = ['dropout', 'noDropout'] as const;
export type StudyVariant = (typeof STUDY_VARIANTS)[number];
export const VARIANT_LABELS: Record<StudyVariant, string> = { dropout: 'dropout', noDropout: 'no dropout' };

/** What a user chooses when launching a study; the same template and options give the same study key. */
export interface StudyOptions {
  /** Seeds 1..seeds, each run once per variant. */
  seeds: number;
  /** Overrides the template's epochs. */
  epochs?: number;
  /** Use only the first N training examples. */
  trainLimit?: number;
  /** Use only the first N test examples. */
  testLimit?: number;
}

/** 'incomplete': nothing is running but some slot lacks a completed run; starting the study again resumes it. */
export type StudyStatus = 'running' | 'completed' | 'incomplete';

export interface StudyRun {
  runId: string;
  variant: StudyVariant;
  seed: number;
  status: RunStatus;
  epochs: number;
  epochsDone: number;
  testErrors: number | null;
  wallMs: number | null;
  datasetFingerprint: string | null;
  error: string | null;
}

export interface StudySummary {
  id: string;
  name: string;
  /** Identifies template + options; starting a study with the same key resumes it. */
  key: string;
  templateId: string;
  options: StudyOptions;
  dataset: DatasetRef;
  status: StudyStatus;
  runsTotal: number;
  runsCompleted: number;
  runsFailed: number;
  createdAt: string;
  updatedAt: string;
  verdict: string | null;
}

export interface VariantSummary {
  /** Per seed, in seed order of the complete pairs. */
  testErrors: number[];
  mean: number;
  /** Sample sd; null for one seed. */
  sd: number | null;
  /** mean / testCount. */
  meanRate: number;
}

export interface StudyStatistics {
  testCount: number;
  /** Seeds whose two runs both completed; the statistics use only these. */
  seeds: number[];
  epochs: number;
  variants: Record<StudyVariant, VariantSummary>;
  /** On the differences dropout − noDropout (negative: dropout made fewer errors), as everywhere. */
  pairedT: { t: number | null; df: number; p: number | null };
  wilcoxon: { statistic: number; n: number; p: number; method: 'exact' | 'normal' };
  /** Null when a pair lacks stored test predictions. */
  mcnemar: {
    /** The pooled test on the discordant counts summed over seeds. */
    p: number;
    method: McNemarTest['method'];
    onlyDropoutRight: number;
    onlyNoDropoutRight: number;
    perSeed: { seed: number; onlyDropoutRight: number; onlyNoDropoutRight: number; p: number; method: McNemarTest['method'] }[];
  } | null;
  /** "dropout − no dropout": what meanDifference and ci95 measure. */
  differenceOf: string;
  /** Mean of dropout − noDropout test errors (negative: dropout made fewer errors); the verdict states the same number. */
  meanDifference: number;
  ci95: [number, number] | null;
  verdict: string;
  /** Which test drives the verdict and why (the paired t over seeds). */
  verdictBasis: string;
  /** Why the pooled McNemar can disagree with the paired t; null without McNemar. */
  mcnemarNote: string | null;
}

/** Mean ± sd over seeds of one metric per epoch. */
export interface CurveBand {
  epochs: number[];
  mean: number[];
  sd: number[];
  /** Runs that reached each epoch. */
  count: number[];
}

/** Histogram of the first layer's per-unit incoming weight norms, one shared set of bins for both arms. */
export interface WeightNormHistogram<K extends string = StudyVariant> {
  /** bins + 1 edges. */
  edges: number[];
  counts: Record<K, number[]>;
}

export interface StudyReference {
  source: string;
  result: string;
  testErrors?: number;
  epochs?: number;
}

export interface StudyDetail {
  study: StudySummary;
  runs: StudyRun[];
  statistics: StudyStatistics | null;
  /** Per variant, per metric key (epoch/train_loss, epoch/val_loss, epoch/train_acc, epoch/val_acc). */
  curves: Record<StudyVariant, Record<string, CurveBand>>;
  /** The first layer of the lowest completed seed of each variant. */
  weights: Record<StudyVariant, FirstLayerWeights | null>;
  weightSeed: number | null;
  weightNorms: WeightNormHistogram | null;
  reference: StudyReference | null;
  templateName: string;
}

/** `studies.start`: a template by id and the study options. */
export interface StartStudyParams extends StudyOptions {
  templateId: string;
}

export interface StudySlotRef {
  variant: StudyVariant;
  seed: number;
  runId: string;
}

export interface StudyStartResult {
  studyId: string;
  /** The study existed already (same template and options) and was resumed. */
  resumed: boolean;
  /** Slots that already had a completed run. */
  skipped: StudySlotRef[];
  /** Slots whose run is queued or running now. */
  pending: StudySlotRef[];
  /** How many of the pending runs this call queued; the others were already queued or running (perhaps in another process). */
  queued: number;
  /** How many of the queued runs continue a crashed or stopped run of their slot from its last checkpoint. */
  continued: number;
}

/** `studies.report`: the self-contained HTML page and a file name to save it under. */
export interface StudyReport {
  fileName: string;
  html: string;
}
