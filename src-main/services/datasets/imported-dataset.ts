import type { DatasetRef } from '../../../src-shared/api/run';
import { loadDataset } from '../../engine/data/registry';
import type { Dataset } from '../../engine/data/types';
import { readMeta } from '../../engine/data/imported-meta';

/** An imported dataset in the same form as the engine's loadDataset returns (limits applied, fingerprinted). */
export function loadImportedDataset(dataDir: string, name: string, ref: Omit<DatasetRef, 'name'> = {}, options: { validationSplit?: number } = {}): Dataset {
  readMeta(dataDir, name);
  return loadDataset({ ...ref, name }, dataDir, options);
}
