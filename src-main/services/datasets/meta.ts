import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetUsageError } from './errors';

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
  /** Categorical: the categories in one-hot order; feature columns [oneHotStart, oneHotStart + categories.length). */
  categories?: string[];
  /** First feature column this source column fills (numeric: one, categorical: one per category). */
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
  task: 'classification' | 'regression';
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
  /** Per input feature, over the training split. Image data: one entry for all pixels together. */
  features: FeatureStats[];
  /** Regression: statistics of the target over the training split. */
  targetStats?: FeatureStats;
  /** Tables: every source column, with its one-hot mapping. */
  columns?: ColumnInfo[];
  target?: string;
  /** Raw range of byte images, so 'scale' maps them to [0, 1] as it does MNIST's. */
  valueRange?: [number, number];
  droppedRows: number;
  testSplit: number | null;
  sources: SourceFile[];
  createdAt: string;
}

export const DATASET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkDatasetName(name: string): void {
  if (!DATASET_NAME_PATTERN.test(name)) {
    throw new DatasetUsageError(
      `dataset name "${name}" is not allowed: use 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit`,
    );
  }
}

export function datasetsRoot(dataDir: string): string {
  return join(dataDir, 'datasets');
}

export function datasetDir(dataDir: string, name: string): string {
  return join(datasetsRoot(dataDir), name);
}

export function readMeta(dataDir: string, name: string): ImportedDatasetMeta {
  checkDatasetName(name);
  const file = join(datasetDir(dataDir, name), 'meta.json');
  if (!existsSync(file)) throw new DatasetUsageError(`no imported dataset "${name}" in ${datasetsRoot(dataDir)}`);
  return JSON.parse(readFileSync(file, 'utf8')) as ImportedDatasetMeta;
}

export function hasImportedDataset(dataDir: string, name: string): boolean {
  return DATASET_NAME_PATTERN.test(name) && existsSync(join(datasetDir(dataDir, name), 'meta.json'));
}
