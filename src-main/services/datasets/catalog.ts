import { existsSync, readdirSync, rmSync } from 'node:fs';
import type { DatasetListItem } from '../../../src-shared/api/contract';
import { datasetDir, datasetsRoot, hasImportedDataset, readMeta, type ImportedDatasetMeta } from './meta';

/** Imported datasets in the data dir, by name (half-written temp dirs are hidden and skipped). */
export function listDatasets(dataDir: string): ImportedDatasetMeta[] {
  const root = datasetsRoot(dataDir);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => !name.startsWith('.') && hasImportedDataset(dataDir, name))
    .sort()
    .map((name) => readMeta(dataDir, name));
}

export function showDataset(dataDir: string, name: string): ImportedDatasetMeta {
  return readMeta(dataDir, name);
}

export function removeDataset(dataDir: string, name: string): void {
  readMeta(dataDir, name);
  rmSync(datasetDir(dataDir, name), { recursive: true, force: true });
}

/** The list entry the API's datasets.list shows for an imported dataset. */
export function toListItem(meta: ImportedDatasetMeta): DatasetListItem {
  return {
    name: meta.name,
    label: `${meta.name} (imported ${meta.kind === 'table' ? 'table' : 'IDX'})`,
    builtIn: false,
    task: meta.task,
    inputShape: meta.inputShape,
    classes: meta.classNames.length,
    trainSize: meta.trainCount,
    testSize: meta.testCount,
  };
}
