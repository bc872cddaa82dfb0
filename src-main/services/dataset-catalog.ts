import { readdirSync, rmSync } from 'node:fs';
import type { DatasetListItem } from '../../src-shared/api/contract';
import type { DatasetSummary } from '../../src-shared/api/run';
import { knownDatasets, loadDataset } from '../engine/data';
import { datasetDir, datasetsRoot, hasImportedDataset, readMeta, type ImportedDatasetMeta } from '../engine/data/imported-meta';
import type { Task } from '../../src-shared/api/records';

const BUILT_IN_LABELS: Record<string, string> = {
  mnist: 'MNIST handwritten digits (28×28)',
  spirals: 'Two spirals (2-D, 2 classes)',
  blobs: 'Gaussian blobs (2-D, 4 classes)',
};

/** What a run needs to know about its data before it is queued. */
export interface DatasetShape {
  name: string;
  task: Task;
  inputShape: number[];
  classes: number;
}

export function builtInDatasetNames(): string[] {
  return knownDatasets();
}

export function isBuiltInDataset(name: string): boolean {
  return knownDatasets().includes(name);
}

const shapeCache = new Map<string, DatasetShape>();
const summaryCache = new Map<string, DatasetSummary>();

/** Task, example shape and class count of a dataset, or undefined when there is no such dataset. Cheap: reads one example. */
export function datasetShape(name: string, dataDir: string): DatasetShape | undefined {
  if (isBuiltInDataset(name)) {
    let shape = shapeCache.get(name);
    if (!shape) {
      const { summary } = loadDataset({ name, trainLimit: 1, testLimit: 1 }, dataDir);
      shape = { name, task: summary.task, inputShape: summary.inputShape, classes: summary.classes };
      shapeCache.set(name, shape);
    }
    return shape;
  }
  if (hasImportedDataset(dataDir, name)) {
    const meta = readMeta(dataDir, name);
    return { name, task: meta.task, inputShape: meta.inputShape, classes: meta.classNames.length };
  }
  return undefined;
}

/**
 * The one dataset catalog: built-in sets (loaded once per process for their sizes), then the user's imported
 * ones, for the API and the CLI alike.
 */
export function listDatasets(dataDir: string): DatasetListItem[] {
  const builtIn = knownDatasets().map((name): DatasetListItem => {
    let summary = summaryCache.get(name);
    if (!summary) {
      summary = loadDataset({ name }, dataDir).summary;
      summaryCache.set(name, summary);
    }
    return {
      name,
      label: BUILT_IN_LABELS[name] ?? name,
      builtIn: true,
      task: summary.task,
      inputShape: summary.inputShape,
      classes: summary.classes,
      trainSize: summary.trainSize,
      testSize: summary.testSize,
    };
  });
  return [...builtIn, ...listImported(dataDir)];
}

/** The user's imported datasets with their full metadata, by name (half-written import folders are hidden and skipped). */
export function importedDatasets(dataDir: string): ImportedDatasetMeta[] {
  return importedNames(dataDir).map((name) => readMeta(dataDir, name));
}

export function showDataset(dataDir: string, name: string): ImportedDatasetMeta {
  return readMeta(dataDir, name);
}

export function removeDataset(dataDir: string, name: string): void {
  readMeta(dataDir, name);
  rmSync(datasetDir(dataDir, name), { recursive: true, force: true });
}

function listImported(dataDir: string): DatasetListItem[] {
  return importedNames(dataDir).map((name) => {
    const meta = readMeta(dataDir, name);
    return {
      name,
      label: name,
      builtIn: false,
      task: meta.task,
      inputShape: meta.inputShape,
      classes: meta.classNames.length,
      trainSize: meta.trainCount,
      testSize: meta.testCount,
    };
  });
}

function importedNames(dataDir: string): string[] {
  return listDirectory(datasetsRoot(dataDir)).filter((name) => !name.startsWith('.') && !isBuiltInDataset(name) && hasImportedDataset(dataDir, name));
}

function listDirectory(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
