import { z } from 'zod';

const count = z.number().int().nonnegative();
const tensorSchema = z.object({ shape: z.array(count), data: z.string() });

export const trainingPositionSchema = z.object({
  epochsDone: count,
  stepsDone: count,
  stepsPerEpoch: z.number().int().positive(),
  batchesDone: count,
  lossSum: z.number(),
  correctSum: z.number(),
  seen: count,
  lastEpochLoss: z.number().nullable(),
  stage: count.optional(),
});

/** checkpoint.json without its checksum. */
export const checkpointContentSchema = z.object({
  weights: z.record(z.string(), z.record(z.string(), tensorSchema)),
  masks: z.record(z.string(), z.record(z.string(), tensorSchema)).optional(),
  checkpoint: z.object({
    format: z.literal(1),
    runId: z.string(),
    savedAt: z.string(),
    position: trainingPositionSchema,
    optimizer: z.object({
      kind: z.string(),
      iterations: count,
      slots: z.record(z.string(), z.record(z.string(), z.array(tensorSchema))),
    }),
  }),
});

/** checkpoint.position.json: which checkpoint file it describes (bytes, checksum) and that file's position. */
export const checkpointPositionSchema = z.object({
  format: z.literal(1),
  checkpointBytes: count,
  checkpointChecksum: z.string(),
  position: trainingPositionSchema,
});
