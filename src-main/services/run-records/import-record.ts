import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStatus } from '../../../src-shared/api/run';
import type { TrainConfig } from '../../../src-shared/config/schema';
import type { ModelSpec } from '../../../src-shared/network/types';
import type { ProcedureRef, StageDef } from '../../../src-shared/procedures/types';
import type { RunStore } from '../../store';
import { readRecordMetrics, type RunRecord } from './record-reader';

export interface ImportOutcome {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  error: string | null;
}

/** A plan's slot the record belongs to: the run is linked to it last, so a link means the import finished. */
export interface ImportLink {
  planId: string;
  arm: string;
  seed: number;
}

/**
 * Brings a finished run record into the history as the run it describes (same id): settings, backend and
 * data fingerprint, every metric point, stages, artifacts (copied under the data dir) and its outcome, then
 * links it to its plan slot. Idempotent: a record imported before is left alone (false); a run left half
 * imported (no link yet: the import was cut short) is replaced.
 */
export function importRunRecord(store: RunStore, record: RunRecord, outcome: ImportOutcome, link: ImportLink): boolean {
  const { run, status } = record;
  const linked = store.studies.runsOf(link.planId).some((l) => l.runId === run.runId);
  if (linked) return false;
  if (store.getSummary(run.runId)) store.deleteRun(run.runId);

  store.createRun({
    id: run.runId,
    name: run.name,
    experimentId: link.planId,
    spec: run.spec as ModelSpec,
    config: run.config as unknown as TrainConfig,
    datasetRef: run.dataset,
    procedure: run.procedure as ProcedureRef | undefined,
    stages: run.stages as StageDef[],
    appVersion: run.appVersion,
    params: run.params,
    tags: [...run.tags, 'slurm'],
  });
  // The task's own times, so a run Slurm cancelled or timed out has the wall time it really ran.
  store.markRunning(run.runId, null, new Date(status.startedAt));
  if (status.backend && status.dataset) store.markStarted(run.runId, status.backend, status.dataset);
  store.appendMetrics(run.runId, readRecordMetrics(record.dir));
  store.setEpochsDone(run.runId, Math.floor(status.epochsDone));
  for (const stage of status.stages) {
    if (stage.event === 'begin') store.stages.begin(run.runId, stage.index, new Date(stage.at));
    else store.stages.end(run.runId, stage.index, stage.status ?? 'completed', stage.epochsDone ?? 0, new Date(stage.at));
  }
  const artifacts = join(record.dir, 'artifacts', run.runId);
  if (existsSync(artifacts)) cpSync(artifacts, store.artifactDir(run.runId), { recursive: true });
  for (const artifact of status.artifacts) {
    if (existsSync(join(record.dir, artifact.path))) store.recordArtifact(run.runId, artifact);
  }
  const result = status.result ?? undefined;
  store.finishRun(run.runId, outcome.status, { result, error: outcome.error ?? undefined, endedAt: new Date(status.endedAt ?? status.heartbeatAt) });
  store.studies.linkRun(link.planId, { runId: run.runId, variant: link.arm, seed: link.seed });
  return true;
}
