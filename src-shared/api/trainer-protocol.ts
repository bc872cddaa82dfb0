import { z } from 'zod';
import { modelSpecSchema } from '../network/types';
import { trainConfigSchema } from '../config/schema';
import { procedureRefSchema } from '../procedures/catalog';
import { backendInfoSchema, datasetRefSchema, datasetSummarySchema, metricPointSchema, progressSchema, runResultSchema } from './records';

/** Messages between main (RunManager/TrainerHost) and the trainer process. Validated on arrival. */

export const trainJobSchema = z.object({
  runId: z.string().min(1),
  spec: modelSpecSchema,
  config: trainConfigSchema,
  dataset: datasetRefSchema,
  /** The procedure with its params parsed (defaults filled in); absent means backprop. */
  procedure: procedureRefSchema.optional(),
  /** Absolute path of the data dir; artifacts go to <dataDir>/artifacts/<runId>/. */
  dataDir: z.string().min(1),
  /** Cores this trainer may use, the run manager's share when several trainers run at once; default all. */
  threads: z.number().int().positive().optional(),
  /**
   * Absolute path of a file of kernel choices (per op and shape, addon or wasm kernel) that every run of a
   * plan follows, so its runs on different nodes compute alike; the first run to start writes it
   * (src-main/engine/kernel-record.ts).
   */
  kernelChoices: z.string().min(1).optional(),
  /** Continue from another run's checkpoint (same spec, config and data) instead of from the start. */
  resume: z
    .object({
      /** Relative to the data dir. */
      checkpoint: z.string().min(1),
      /** The step main recorded the checkpoint at, when it knew it; a checkpoint from another step is refused. */
      step: z.number().int().nonnegative().optional(),
      /** The data the checkpointed run trained on; a resumed run refuses other data. */
      datasetFingerprint: z.string().optional(),
    })
    .optional(),
});
export type TrainJob = z.infer<typeof trainJobSchema>;

export const toTrainerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: trainJobSchema }),
  z.object({ type: z.literal('stop'), runId: z.string() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ToTrainer = z.infer<typeof toTrainerSchema>;

export const fromTrainerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number() }),
  z.object({
    type: z.literal('started'),
    runId: z.string(),
    backend: backendInfoSchema,
    dataset: datasetSummarySchema,
  }),
  /** A resumed run restored its checkpoint: training continues after `epoch` epochs (fractional) and `step` steps. */
  z.object({
    type: z.literal('resumed'),
    runId: z.string(),
    epoch: z.number().nonnegative(),
    step: z.number().int().nonnegative(),
    /** A multi-stage run resumed at the start of this stage (absent: 0). */
    stage: z.number().int().nonnegative().optional(),
  }),
  z.object({ type: z.literal('metrics'), runId: z.string(), points: z.array(metricPointSchema) }),
  progressSchema.extend({ type: z.literal('progress') }),
  /** A stage began or ended; a run's stages are announced in order, each begun before it ends. */
  z.object({
    type: z.literal('stage'),
    runId: z.string(),
    event: z.enum(['begin', 'end']),
    index: z.number().int().nonnegative(),
    name: z.string(),
    label: z.string(),
    kind: z.enum(['epochs', 'solve', 'evaluate']),
    epochs: z.number().int().nonnegative(),
    /** On 'end': how it ended and the epochs it completed. */
    status: z.enum(['completed', 'stopped', 'failed']).optional(),
    epochsDone: z.number().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('artifact'),
    runId: z.string(),
    kind: z.string(),
    name: z.string(),
    /** Relative to the data dir. */
    path: z.string(),
    bytes: z.number(),
    stage: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('finished'),
    runId: z.string(),
    status: z.enum(['completed', 'stopped', 'diverged', 'failed']),
    result: runResultSchema.optional(),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type FromTrainer = z.infer<typeof fromTrainerSchema>;
