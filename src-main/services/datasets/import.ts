import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { knownDatasets } from '../../engine/data/registry';
import { DatasetImportError, DatasetUsageError } from './errors';
import { importIdx } from './import-idx';
import { importTable } from './import-table';
import { checkDatasetName, type ImportedDatasetMeta } from '../../engine/data/imported-meta';
import type { ProgressListener } from './progress';
import { DatasetStaging, removeAbandonedImports } from './staging';
import { requireWritable } from '../../store/history-checks';
import { tableFormat } from './table-source';
import type { DatasetImportParams } from '../../../src-shared/api/datasets';

/** What `layerlab dataset import` and datasets.import ask for, with the files as paths on this machine. */
export type ImportRequest = Omit<DatasetImportParams, 'files' | 'dryRun'> & { files: string[]; dataDir: string };

export const DEFAULT_TEST_SPLIT = 0.2;

/**
 * Converts IDX files or one table (CSV, TSV, JSON records) once into <dataDir>/datasets/<name>/:
 * x.<type>, y.<type> and meta.json. Nothing is left behind when it fails.
 */
export async function importDataset(request: ImportRequest, onProgress?: ProgressListener): Promise<ImportedDatasetMeta> {
  checkDatasetName(request.name);
  if (knownDatasets().includes(request.name)) throw new DatasetUsageError(`"${request.name}" is a built-in dataset; choose another --name`);
  const testSplit = request.testSplit ?? DEFAULT_TEST_SPLIT;
  if (!(testSplit >= 0 && testSplit < 1)) throw new DatasetUsageError(`--test-split ${request.testSplit} must be at least 0 and below 1`);
  if (request.files.length === 0) throw new DatasetUsageError('no files to import: give IDX files or one CSV, TSV or JSON file');
  const files = request.files.map((file) => resolve(file));
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) throw new DatasetImportError(file, null, 'no such file');
  }

  const formats = files.map(tableFormat);
  const tables = formats.filter((format) => format !== null);
  if (tables.length > 0 && (tables.length !== 1 || files.length !== 1)) {
    throw new DatasetUsageError(`give one table file, or IDX files only; got ${files.map((f) => basename(f)).join(', ')}`);
  }

  requireWritable(request.dataDir);
  removeAbandonedImports(request.dataDir);
  const staging = new DatasetStaging(request.dataDir, request.name);
  try {
    const meta = formats[0]
      ? await importTable(files[0], formats[0], staging, { target: request.target, task: request.task, dropMissing: request.dropMissing, header: request.header, roles: request.roles, testSplit }, onProgress)
      : importIdx(files, staging, { task: request.task, testSplit }, onProgress);
    staging.commit(meta);
    return meta;
  } finally {
    staging.discard();
  }
}
