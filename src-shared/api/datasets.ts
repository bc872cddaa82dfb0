import type { Task } from './records';

/** Imported datasets as the API shows them; the same records are stored as <dataDir>/datasets/<name>/meta.json. */

/** How the values of x are stored on disk (little-endian, row-major, train rows first, then test rows). */
export type StoredType = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64' | 'u16';

export interface FeatureStats {
  name: string;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** One column of a source table and what became of it. */
export interface ColumnInfo {
  name: string;
  kind: 'numeric' | 'categorical' | 'target' | 'ignored';
  /** Categorical: the categories in one-hot order, filling features [featureStart, featureStart + categories.length). */
  categories?: string[];
  /** First feature this column fills (numeric: one, categorical: one per category). */
  featureStart?: number;
  /** Why an ignored column was left out. */
  reason?: string;
  missing: number;
}

export interface SourceFile {
  file: string;
  bytes: number;
  role: 'table' | 'train-images' | 'train-labels' | 'test-images' | 'test-labels';
  format: 'csv' | 'tsv' | 'json' | 'idx';
}

export interface ImportedDatasetMeta {
  format: 1;
  name: string;
  kind: 'images' | 'table';
  task: Task;
  /** sha256 of the full data as the engine fingerprints it (fingerprintSplits over train and test). */
  fingerprint: string;
  /** Shape of one example. */
  inputShape: number[];
  trainCount: number;
  testCount: number;
  x: { file: string; type: StoredType };
  y: { file: string; type: 'u16' | 'f32' };
  /** Classification: the label each class index stands for, and how many examples of each per split. */
  classNames: string[];
  classCounts: { train: number[]; test: number[] };
  /** Per input feature, over the training split. Large examples (images): one entry for all values. */
  features: FeatureStats[];
  /** Regression: statistics of the target over the training split. */
  targetStats?: FeatureStats;
  /** Tables: every source column, with its one-hot mapping. */
  columns?: ColumnInfo[];
  target?: string;
  /** Raw range of byte images, so 'scale' maps them to [0, 1] as it does MNIST's. */
  valueRange?: [number, number];
  droppedRows: number;
  /** Fraction held out for testing; null when the files brought their own test split. */
  testSplit: number | null;
  sources: SourceFile[];
  createdAt: string;
}

/** A file for datasets.import: a path on the machine running LayerLab, or the content itself (browser uploads). */
/** `upload`: the id the headless host's PUT /api/uploads returned for a file streamed to its disk. */
export type DatasetImportFile = { path: string } | { filename: string; text: string } | { filename: string; base64: string } | { upload: string };

export interface DatasetImportParams {
  files: DatasetImportFile[];
  name: string;
  task?: Task;
  target?: string;
  testSplit?: number;
  dropMissing?: boolean;
  header?: boolean;
  /** Tables: what a column becomes instead of what the import decides (e.g. a text column it left out as an identifier used as categories). */
  roles?: Record<string, ColumnRole>;
  /** Convert and preview, then discard: the preview step before the user confirms. */
  dryRun?: boolean;
}

export interface Histogram {
  name: string;
  /** 'numeric': equal-width bins from min to max; 'categorical': one bar per category (labels). */
  kind: 'numeric' | 'categorical';
  min: number;
  max: number;
  counts: number[];
  labels?: string[];
}

export interface DatasetPreview {
  name: string;
  kind: 'images' | 'table';
  task: Task;
  classNames: string[];
  classCounts: { train: number[]; test: number[] };
  /** Image data: the first training examples, raw values, row-major [h, w, c]. */
  images?: { shape: number[]; range: [number, number]; samples: { values: number[]; label: string }[] };
  /** Tables: the first rows as stored (after the shuffle), one cell per source column ('' for a left-out column). */
  table?: { columns: ColumnInfo[]; rows: (number | string)[][] };
  /** Tables: one per used source column and the target, over the training split (or its first `sampled` rows). */
  histograms: Histogram[];
  sampled: number;
}

/** The majority-class baseline: the most common class among the training examples, and its error on the test examples. */
export interface MajorityBaseline {
  majorityClass: string;
  testErrors: number;
  testCount: number;
  testErrorRate: number;
}

/** What a table column can be made into by hand; the target is chosen apart. */
export const COLUMN_ROLES = ['numeric', 'categorical', 'ignored'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];
