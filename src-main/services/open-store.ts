import { RunStore, type RunStoreOptions } from '../store';
import { engineCheckpoints } from './checkpoint-inspector';

/** The history as LayerLab's processes open it: with the engine's checkpoints, so a run that ends early keeps its last one. */
export function openRunStore(dataDir: string, options: Omit<RunStoreOptions, 'checkpoints'> = {}): RunStore {
  return RunStore.open(dataDir, { ...options, checkpoints: engineCheckpoints });
}
