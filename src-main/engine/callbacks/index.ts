export { CallbackList } from './list';
export { divergenceCallback } from './divergence';
export { stopCallback } from './stop';
export { progressCallback, type ProgressReport } from './progress';
export { metricsCallback } from './metrics';
export { checkpointCallback, type CheckpointCallbackOptions } from './checkpoint';
export type * from './types';
