export { RunStore, RunNotFoundError, HISTORY_FILE, INTERRUPTED_RUN_ERROR, INTERRUPTED_QUEUED_ERROR } from './run-store';
export type { NewRun, RunFilter, NewArtifact, RunStoreOptions } from './run-store';
export type { CheckpointInspector, CheckpointGlimpse } from './checkpoint-inspector';
export type { Experiment, NewExperiment } from './experiment-store';
export type { StudyRecord, StudyRunLink } from './study-store';
export type { SlurmTaskRecord } from './slurm-task-store';
