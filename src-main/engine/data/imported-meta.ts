import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportedDatasetMeta } from '../../../src-shared/api/datasets';

export type { ColumnInfo, FeatureStats, ImportedDatasetMeta, SourceFile, StoredType } from '../../../src-shared/api/datasets';

/** Not a file problem: a bad name or option, or a dataset that does not exist. */
export class DatasetUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetUsageError';
  }
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
