import type { DatasetRef } from '../../../src-shared/api/run';
import { fingerprintSplits } from './fingerprint';
import { loadMnist } from './mnist';
import { loadBlobs, loadSpirals } from './synthetic';
import { splitSizes } from './split';
import { takeFirst, type Dataset, type RawDataset } from './types';
import { loadImportedRaw } from './imported-load';
import { hasImportedDataset } from './imported-meta';
import { transformImages } from './image-transforms';

export type DatasetLoader = (limits: { train?: number; test?: number }, dataDir: string) => RawDataset;

const LOADERS = new Map<string, DatasetLoader>([
  ['mnist', (limits) => loadMnist(limits)],
  ['spirals', () => loadSpirals()],
  ['blobs', () => loadBlobs()],
]);

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export function knownDatasets(): string[] {
  return [...LOADERS.keys()];
}

/** Adds a dataset by name; later registrations replace earlier ones. */
export function registerDataset(name: string, loader: DatasetLoader): void {
  LOADERS.set(name, loader);
}

/**
 * Loads a dataset by reference, applies trainLimit/testLimit and the image transform (`ref.images`), and
 * fingerprints what is left, so differently transformed data have different fingerprints.
 * `validationSplit` only sizes the summary; splitValidation does the split.
 */
export function loadDataset(ref: DatasetRef, dataDir: string, options: { validationSplit?: number } = {}): Dataset {
  const loader = LOADERS.get(ref.name) ?? (hasImportedDataset(dataDir, ref.name) ? (limits: { train?: number; test?: number }) => loadImportedRaw(dataDir, ref.name, limits) : undefined);
  if (!loader) {
    throw new DatasetError(`unknown dataset "${ref.name}"; use one of the built-in datasets ${knownDatasets().join(', ')} or one imported into ${dataDir}`);
  }
  const raw = loader({ train: ref.trainLimit, test: ref.testLimit }, dataDir);
  const train = transformImages(takeFirst(raw.train, ref.trainLimit), ref.images);
  const test = transformImages(takeFirst(raw.test, ref.testLimit), ref.images);
  const { trainCount, valCount } = splitSizes(train.count, options.validationSplit ?? 0);
  return {
    train,
    test,
    valueRange: raw.valueRange,
    summary: {
      name: ref.name,
      fingerprint: fingerprintSplits([train, test]),
      task: raw.task,
      inputShape: train.shape,
      classes: raw.classes,
      trainSize: trainCount,
      valSize: valCount,
      testSize: test.count,
    },
  };
}
