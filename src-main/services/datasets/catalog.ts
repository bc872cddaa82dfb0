import { existsSync, readdirSync, rmSync } from 'node:fs';
import { datasetDir, datasetsRoot, hasImportedDataset, readMeta, type ImportedDatasetMeta } from '../../engine/data/imported-meta';

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
