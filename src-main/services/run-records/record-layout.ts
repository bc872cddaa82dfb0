import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { backendInfoSchema, datasetRefSchema, datasetSummarySchema, progressSchema, runResultSchema } from '../../../src-shared/api/records';

/**
 * A run record: one run written as files into its own folder, for places where the history's SQLite must
 * not go (a cluster's shared filesystem). Self-contained: what was run (run.json), how it is going or how
 * it ended (status.json, replaced whole on each change), every metric point (metrics.jsonl, append-only:
 * one JSON array of points per line) and the run's artifacts (artifacts/<runId>/…, as a history keeps them).
 *
 *   <record>/run.json        spec, config (its seed), dataset, procedure, stages, params, plan slot
 *   <record>/status.json     status, backend, data fingerprint, stages, artifacts, result or error, heartbeat
 *   <record>/metrics.jsonl   [{key, stage, step, epoch, wallMs, value}, …] per line (value null: NaN)
 *   <record>/artifacts/<runId>/…
 */
export const RECORD_FORMAT = 1;
export const RUN_FILE = 'run.json';
export const STATUS_FILE = 'status.json';
export const METRICS_FILE = 'metrics.jsonl';

export const recordRunSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  runId: z.string().min(1),
  name: z.string(),
  planId: z.string().nullable(),
  slot: z.object({ key: z.string(), arm: z.string(), seed: z.number().int() }).nullable(),
  tags: z.array(z.string()),
  /** ModelSpec, TrainConfig, ProcedureRef and StageDef[] as validated on the node (kept as JSON here; the store reads them as the API does). */
  spec: z.unknown(),
  config: z.object({ seed: z.number().int(), epochs: z.number().int() }).passthrough(),
  dataset: datasetRefSchema,
  procedure: z.unknown(),
  stages: z.array(z.unknown()),
  params: z.record(z.string(), z.string()),
  appVersion: z.string(),
  host: z.string(),
  createdAt: z.string(),
});
export type RecordRun = z.infer<typeof recordRunSchema>;

/** 'running' until the task ends; 'interrupted': the task was signalled (scancel, time limit) before its run finished. */
export const RECORD_STATUSES = ['running', 'completed', 'failed', 'diverged', 'stopped', 'crashed', 'interrupted'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const recordStageEventSchema = z.object({
  index: z.number().int().nonnegative(),
  event: z.enum(['begin', 'end']),
  status: z.enum(['completed', 'stopped', 'failed']).optional(),
  epochsDone: z.number().nonnegative().optional(),
  at: z.string(),
});

export const recordArtifactSchema = z.object({
  kind: z.string(),
  name: z.string(),
  /** Relative to the record folder, as it will be relative to the data dir once synced. */
  path: z.string(),
  bytes: z.number(),
  stage: z.number().int().nonnegative().optional(),
});

export const recordStatusSchema = z.object({
  status: z.enum(RECORD_STATUSES),
  startedAt: z.string(),
  heartbeatAt: z.string(),
  endedAt: z.string().nullable(),
  backend: backendInfoSchema.nullable(),
  dataset: datasetSummarySchema.nullable(),
  epochsDone: z.number().nonnegative(),
  progress: progressSchema.nullable(),
  stages: z.array(recordStageEventSchema),
  artifacts: z.array(recordArtifactSchema),
  result: runResultSchema.nullable(),
  error: z.string().nullable(),
});
export type RecordStatusFile = z.infer<typeof recordStatusSchema>;

export const recordPaths = (dir: string) => ({
  run: join(dir, RUN_FILE),
  status: join(dir, STATUS_FILE),
  metrics: join(dir, METRICS_FILE),
});

/** Writes a file whole or not at all (a reader on another node sees the old or the new text, never half). */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
