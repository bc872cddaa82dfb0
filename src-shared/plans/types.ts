import { z } from 'zod';
import type { CurveArtifact, ImageGridArtifact, TableArtifact } from '../api/artifacts';
import type { DatasetRef, FirstLayerWeights, RunStatus } from '../api/run';
import { imageTransformSchema } from '../data/image-transforms';
import type { McNemarTest } from '../stats/mcnemar';
import type { CurveBand, StudyReference, WeightNormHistogram } from '../study/types';

/**
 * Experiment plans: runs of one template that differ only in the settings each slot overrides (by the
 * dotted paths Compare shows) and in the seed. The dropout study is the `dropout` preset; `ablation`
 * pairs any setting's two values over seeds; `sweep` is a grid and/or random search. Data only.
 */

export const MAX_PLAN_SEEDS = 50;
export const MAX_PLAN_SLOTS = 500;

/**
 * A setting by its dotted path: `config.learningRate`, `config.optimizer.kind`, `config.maxNorm`,
 * `node.<id>.<param>`, `dataset.trainLimit`, `procedure.<param>` (sets procedure.params.<param>).
 */
export const settingPathSchema = z
  .string()
  .regex(/^(config|node|dataset|procedure)\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'expected a dotted setting path starting with config., node., dataset. or procedure. (e.g. config.learningRate, node.h1.units)');

/** A JSON value a setting takes (null turns a nullable setting off, e.g. config.maxNorm). */
const settingValueSchema = z.custom<unknown>((value) => value !== undefined, 'expected a value (null turns a nullable setting off)');

const seedsSchema = z
  .number()
  .int('expected a whole number of seeds')
  .min(1, 'expected at least 1 seed (5 or more for a reliable verdict)')
  .max(MAX_PLAN_SEEDS, `expected at most ${MAX_PLAN_SEEDS} seeds`);

/** What every plan may override for all its runs. */
const budgetFields = {
  /** Seeds 1..seeds; each arm runs once per seed. Not part of the plan's identity: more seeds later reuse the runs done. */
  seeds: seedsSchema,
  /** Overrides the template's epochs. */
  epochs: z.number().int('expected a whole number of epochs').positive('expected 1 or more epochs').max(100000).optional(),
  /** Use only the first N training examples. */
  trainLimit: z.number().int('expected a whole number of examples').positive('expected 1 or more examples').optional(),
  /** Use only the first N test examples. */
  testLimit: z.number().int('expected a whole number of examples').positive('expected 1 or more examples').optional(),
};

export const armDefSchema = z.object({ value: settingValueSchema, label: z.string().min(1).max(80).optional() }).strict();
export type ArmDef = z.infer<typeof armDefSchema>;

/** The template (arm A) against its dropout ablation (arm B): every dropout node bypassed, max-norm off. */
export const dropoutPlanSchema = z.object({ kind: z.literal('dropout'), ...budgetFields }).strict();

/** One setting at value A against value B, paired by seed. */
export const ablationPlanSchema = z
  .object({ kind: z.literal('ablation'), setting: settingPathSchema, a: armDefSchema, b: armDefSchema, ...budgetFields })
  .strict();

export const gridAxisSchema = z.object({ path: settingPathSchema, values: z.array(settingValueSchema).min(1, 'expected at least one value') }).strict();
export type GridAxis = z.infer<typeof gridAxisSchema>;

export const RANDOM_DISTS = ['uniform', 'log-uniform', 'int', 'choice'] as const;
export type RandomDist = (typeof RANDOM_DISTS)[number];

/** A random-search dimension: uniform or log-uniform in [min, max], a whole number in [min, max], or one of values. */
export const randomDimSchema = z
  .object({
    path: settingPathSchema,
    dist: z.enum(RANDOM_DISTS),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    values: z.array(settingValueSchema).min(1).optional(),
  })
  .strict()
  .superRefine((dim, ctx) => {
    if (dim.dist === 'choice') {
      if (!dim.values) ctx.addIssue({ code: 'custom', path: ['values'], message: 'a choice dimension needs values: [..]' });
      return;
    }
    if (dim.min === undefined || dim.max === undefined) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: `a ${dim.dist} dimension needs min and max` });
    } else if (!(dim.min <= dim.max)) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max ≥ min (${dim.min}), got ${dim.max}` });
    } else if (dim.dist === 'log-uniform' && dim.min <= 0) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: `a log-uniform dimension needs min > 0, got ${dim.min}` });
    }
  });
export type RandomDim = z.infer<typeof randomDimSchema>;

/** Metrics a sweep can rank by, all lower-is-better; default testErrorRate (classification) or testRmse (regression). */
export const PLAN_OBJECTIVES = ['testErrorRate', 'testErrors', 'testRmse', 'finalLoss'] as const;
export type PlanObjective = (typeof PLAN_OBJECTIVES)[number];

export const sweepPlanSchema = z
  .object({
    kind: z.literal('sweep'),
    /** The cartesian product of every axis's values. */
    grid: z.array(gridAxisSchema).default([]),
    /** Trial i's values depend only on (seed, i): more trials later keep the earlier ones. Not part of the plan's identity. */
    random: z
      .object({
        trials: z.number().int().min(1, 'expected at least 1 trial').max(MAX_PLAN_SLOTS),
        seed: z.number().int().min(0).default(1),
        space: z.array(randomDimSchema).min(1, 'expected at least one dimension'),
      })
      .strict()
      .optional(),
    objective: z.enum(PLAN_OBJECTIVES).optional(),
    ...budgetFields,
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.grid.length === 0 && !plan.random) ctx.addIssue({ code: 'custom', path: ['grid'], message: 'a sweep needs a grid axis or random trials' });
  });

export const MAX_COMMITTEE_COLUMNS = 100;

/**
 * A committee (Cireşan et al. 2012): `columns` columns of the template per preprocessing, column i trained
 * with seed i, their test class probabilities averaged. Each preprocessing is an image transform whose fields
 * are set over the template's `dataset.images` ({} keeps the template's data, {widthNorm: 20} width-normalises
 * the digits to 20 px and keeps the template's size). The column count is not part of the plan's identity: more columns later reuse the ones done.
 */
export const committeePlanSchema = z
  .object({
    kind: z.literal('committee'),
    columns: z
      .number()
      .int('expected a whole number of columns')
      .min(1, 'expected at least 1 column (a committee needs 2 or more)')
      .max(MAX_COMMITTEE_COLUMNS, `expected at most ${MAX_COMMITTEE_COLUMNS} columns`),
    preprocessings: z.array(imageTransformSchema).min(1, 'expected at least one preprocessing ({} is the data as the template has it)').max(20).default([{}]),
    epochs: budgetFields.epochs,
    trainLimit: budgetFields.trainLimit,
    testLimit: budgetFields.testLimit,
  })
  .strict();

export const planDefSchema = z.discriminatedUnion('kind', [dropoutPlanSchema, ablationPlanSchema, sweepPlanSchema, committeePlanSchema]);

/** A plan as requested (defaults may be left out). */
export type PlanDefInput = z.input<typeof planDefSchema>;
/** A plan as checked, defaults filled in. */
export type PlanDef = z.infer<typeof planDefSchema>;
export type PlanKind = PlanDef['kind'];
export type DropoutPlanDef = z.infer<typeof dropoutPlanSchema>;
export type AblationPlanDef = z.infer<typeof ablationPlanSchema>;
export type SweepPlanDef = z.infer<typeof sweepPlanSchema>;
export type CommitteePlanDef = z.infer<typeof committeePlanSchema>;

/** One setting a slot changes from the template. */
export interface SettingOverride {
  path: string;
  value: unknown;
}

/**
 * A group of slots with the same settings (one per seed): ablation arms 'a' and 'b', dropout arms
 * 'dropout' and 'noDropout', sweep points 'g1'.. (grid) and 'r1'.. (random trials).
 */
export interface PlanArm {
  key: string;
  label: string;
  overrides: SettingOverride[];
  /** The dropout preset's B arm: every dropout node bypassed and max-norm off. */
  removeDropout?: boolean;
}

/** One run to do: an arm's settings with one seed. `key` (`<arm>/s<seed>`) is stable across reruns of the plan. */
export interface PlanSlot {
  key: string;
  arm: string;
  seed: number;
}

/** `plans.start`: a template by id, or one given inline (the CLI's TEMPLATE.json), and the plan. */
export interface StartPlanParams {
  templateId?: string;
  template?: unknown;
  plan: PlanDefInput;
}

export interface PlanSlotRef {
  slot: string;
  arm: string;
  seed: number;
  runId: string;
}

export interface PlanStartResult {
  planId: string;
  /** The plan existed already (same template and plan, whatever the seeds and trials) and was resumed. */
  resumed: boolean;
  /** Slots that already had a completed (or diverged) run. */
  skipped: PlanSlotRef[];
  /** Slots whose run is queued or running now. */
  pending: PlanSlotRef[];
  /** How many of the pending runs this call queued; the others were already queued or running (perhaps in another process). */
  queued: number;
  /** How many of the queued runs continue a crashed or stopped run of their slot from its last checkpoint. */
  continued: number;
}

/** `plans.preview`: what `plans.start` would do with the same params. */
export interface PlanPreview {
  key: string;
  name: string;
  kind: PlanKind;
  plan: PlanDef;
  arms: PlanArm[];
  slots: PlanSlot[];
  /** The stored plan with this key, if any; its settled slots would be skipped. */
  existingPlanId: string | null;
  /** Slots whose latest run is settled already (they would be skipped). */
  done: number;
}

/** 'incomplete': nothing is running but some slot lacks a completed run; starting the plan again resumes it. */
export type PlanStatus = 'running' | 'completed' | 'incomplete';

/** Runs done of the whole plan, and the time left: finished runs' mean wall time for the queued ones, running runs' own ETAs. */
export interface PlanProgress {
  runsTotal: number;
  /** Slots whose latest run finished (any way). */
  runsDone: number;
  runsRunning: number;
  runsQueued: number;
  /** 0–1, running runs counted by their progress. */
  fraction: number;
  /** Null until a run has finished or reported progress. */
  etaMs: number | null;
}

export interface PlanSummary {
  id: string;
  name: string;
  kind: PlanKind;
  /** Identifies template + plan without seeds and trials; starting a plan with the same key resumes it. */
  key: string;
  templateId: string;
  plan: PlanDef;
  dataset: DatasetRef;
  status: PlanStatus;
  runsTotal: number;
  runsCompleted: number;
  runsFailed: number;
  progress: PlanProgress;
  createdAt: string;
  updatedAt: string;
  /** Ablation and dropout: the verdict; sweep: the best row in words; committee: its errors and the best member's. Null before there is one. */
  headline: string | null;
}

export interface PlanRun {
  runId: string;
  status: RunStatus;
  epochs: number;
  epochsDone: number;
  testErrors: number | null;
  testErrorRate: number | null;
  testRmse: number | null;
  finalLoss: number | null;
  wallMs: number | null;
  datasetFingerprint: string | null;
  error: string | null;
  /** Set when this run continued a crashed or stopped run of the slot from its checkpoint. */
  parentRunId: string | null;
}

export interface PlanSlotDetail extends PlanSlot {
  armLabel: string;
  /** The slot's settings: the arm's overrides (the seed is `seed`). */
  settings: SettingOverride[];
  /** The slot's latest run (null before it was queued); earlier runs of the slot are in `attempts`. */
  run: PlanRun | null;
  /** Every run of the slot, oldest first (a later one is a retry or a continuation). */
  attempts: string[];
}

export interface ArmSummary {
  /** Per seed, in seed order of the complete pairs; whole errors. */
  testErrors: number[];
  mean: number;
  /** Sample sd; null for one seed. */
  sd: number | null;
  /** mean / testCount. */
  meanRate: number;
}

export interface PairedArmRef {
  key: string;
  label: string;
}

/**
 * A paired comparison of arms A and B. Every difference is A − B in test errors (negative: A made fewer
 * errors), in the headline as in the numbers.
 */
export interface PairedStatistics {
  testCount: number;
  /** Seeds whose two runs both completed; the statistics use only these. */
  seeds: number[];
  epochs: number;
  arms: { a: PairedArmRef & ArmSummary; b: PairedArmRef & ArmSummary };
  /** "dropout − no dropout": what meanDifference and ci95 measure. */
  differenceOf: string;
  /** Paired t on the per-seed differences A − B (two-sided). */
  pairedT: { t: number | null; df: number; p: number | null };
  /** Wilcoxon signed-rank on the same differences. */
  wilcoxon: { statistic: number; n: number; p: number; method: 'exact' | 'normal' };
  /** Null when a pair lacks stored test predictions. */
  mcnemar: {
    /** The pooled test on the discordant counts summed over seeds. */
    p: number;
    method: McNemarTest['method'];
    /** Test examples only A got right, summed over seeds (whole examples). */
    onlyARight: number;
    onlyBRight: number;
    perSeed: { seed: number; onlyARight: number; onlyBRight: number; p: number; method: McNemarTest['method'] }[];
  } | null;
  /** Mean over seeds of A − B test errors. */
  meanDifference: number;
  ci95: [number, number] | null;
  /** One sentence: direction, size, CI, p, and the test that drives it (the paired t over seeds). */
  verdict: string;
  /** Which test drives the verdict and why: "The verdict rests on the paired t-test over the 3 seeds: …". */
  verdictBasis: string;
  /** Why the pooled McNemar can disagree with the paired t; null without McNemar. */
  mcnemarNote: string | null;
}

/** Ablation and dropout plans: the statistics and what the study view draws. Arm keys inside are 'a' and 'b'. */
export interface PairedComparison {
  arms: { a: PairedArmRef; b: PairedArmRef };
  statistics: PairedStatistics | null;
  /** Per arm, per metric key (epoch/train_loss, epoch/val_loss, epoch/train_acc, epoch/val_acc): mean ± sd over seeds. */
  curves: { a: Record<string, CurveBand>; b: Record<string, CurveBand> };
  /** The first layer of the lowest complete seed of each arm. */
  weights: { a: FirstLayerWeights | null; b: FirstLayerWeights | null };
  weightSeed: number | null;
  weightNorms: WeightNormHistogram<'a' | 'b'> | null;
}

/** One sweep run: its settings, seed and results. */
export interface SweepRow {
  slot: string;
  arm: string;
  armLabel: string;
  /** Path → value of every varied setting. */
  settings: Record<string, unknown>;
  seed: number;
  runId: string | null;
  status: RunStatus | 'not started';
  /** The objective's value, null until the run completed. */
  objective: number | null;
  testErrors: number | null;
  testErrorRate: number | null;
  testRmse: number | null;
  finalLoss: number | null;
  wallMs: number | null;
}

/** One varied setting, as an axis of the parallel-coordinates plot. */
export interface SweepAxis {
  path: string;
  /** 'log' for log-uniform random dimensions; 'category' for non-numeric values. */
  scale: 'linear' | 'log' | 'category';
  /** Every value the sweep gives it, in first-seen order (numbers and categories alike). */
  values: unknown[];
}

export interface SweepArmSummary {
  arm: string;
  label: string;
  settings: Record<string, unknown>;
  /** Mean objective over the arm's completed seeds; null before one completed. */
  objectiveMean: number | null;
  objectiveSd: number | null;
  seedsCompleted: number;
}

export interface SweepResult {
  objective: { key: PlanObjective; label: string; direction: 'min' };
  /** Sorted by objective, best first; rows without a value last. */
  rows: SweepRow[];
  /** The best row's slot key; null before any run completed. */
  bestSlot: string | null;
  /** Per arm over seeds, sorted by mean objective; bestArm is the first with a value. */
  arms: SweepArmSummary[];
  bestArm: string | null;
  axes: SweepAxis[];
}

/** One column of a committee: its preprocessing (arm), seed and its own test figures. */
export interface CommitteeMember {
  slot: string;
  arm: string;
  /** The preprocessing: "original", "width 20 px". */
  armLabel: string;
  seed: number;
  runId: string | null;
  status: RunStatus | 'not started';
  testErrors: number | null;
  testErrorRate: number | null;
  wallMs: number | null;
  /** The run stored its test class probabilities (runs from before they were stored have none). */
  hasProbabilities: boolean;
  /** Counted in the committee: completed, with probabilities for every test example. */
  inCommittee: boolean;
}

/** A committee's figure: the averaged probabilities' argmax (or the members' plurality vote) against the labels. */
export interface CommitteeFigure {
  label: string;
  /** The preprocessing group's arm key; null for the whole committee. */
  group: string | null;
  members: number;
  testErrors: number;
  testErrorRate: number;
}

/** A test example the committee got wrong. */
export interface CommitteeError {
  /** Position in the test set (0-based, after testLimit). */
  index: number;
  label: number;
  predicted: number;
  /** The averaged probability of the predicted class. */
  probability: number;
}

/** A committee plan's result: every member against the committee of all members with probabilities. */
export interface CommitteeResult {
  testCount: number | null;
  classes: number | null;
  members: CommitteeMember[];
  /** Averaged probabilities of every counted member; null before one counts. */
  committee: CommitteeFigure | null;
  /** The same members' plurality vote of their argmax predictions (ties to the higher averaged probability): for comparison. */
  vote: CommitteeFigure | null;
  /** One averaged committee per preprocessing, when there are several. */
  groups: CommitteeFigure[];
  /** The counted member with the fewest test errors. */
  bestMember: { slot: string; testErrors: number } | null;
  /** The committee's errors in test order. */
  errors: CommitteeError[];
  /** Why members are left out, e.g. a run stored before test probabilities were stored. */
  notes: string[];
  /** The committee's errors as test images labelled true → predicted (the first MAX_COMMITTEE_ERROR_IMAGES); null without images. */
  errorImages: ImageGridArtifact | null;
  /** Each column's training epochs (the plan's, else the template's); null when unknown. */
  epochsPerColumn?: number | null;
  /** Test errors of the committee of the first k columns and of column k alone, against k; null below 2 counted columns. */
  sizeCurve: CurveArtifact | null;
  /** Members and committee as a table (its CSV download). */
  table: TableArtifact;
}

export interface PlanDetail {
  plan: PlanSummary;
  arms: PlanArm[];
  slots: PlanSlotDetail[];
  /** Ablation and dropout plans; null for the others. */
  comparison: PairedComparison | null;
  /** Sweeps; null for the others. */
  sweep: SweepResult | null;
  /** Committees; null for the others. */
  committee: CommitteeResult | null;
  reference: StudyReference | null;
  templateName: string;
}
