import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import type { TrainingPosition } from './callbacks/types';
import type { EncodedTensor } from './tensor-codec';

/**
 * checkpoint.json, beside a run's other artifacts: a weights file (weights-io: format, spec, weights, …)
 * with a `checkpoint` section (where training stands and the optimizer's slots) and a `checksum` over
 * the rest. Being a weights file, it serves as a crashed run's weights. No tfjs here: main reads it too.
 */
export const CHECKPOINT_FILE = 'checkpoint.json';

export interface CheckpointSection {
  format: 1;
  runId: string;
  savedAt: string;
  position: TrainingPosition;
  /** Slots per node and weight name, in the plain convention of each optimizer (SGD: the velocity v). */
  optimizer: { kind: string; iterations: number; slots: Record<string, Record<string, EncodedTensor[]>> };
}

/** A checkpoint file as written: a weights file's fields plus the checkpoint section. */
export type CheckpointContent = Record<string, unknown> & {
  weights: Record<string, Record<string, EncodedTensor>>;
  checkpoint: CheckpointSection;
};

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/**
 * Writes the file atomically: a temporary file beside it, flushed to disk, then renamed over the old
 * checkpoint, so a crash at any moment leaves either the old checkpoint or the new one. Temporary files
 * a killed writer left behind are removed. Returns the file's bytes.
 */
export function writeCheckpointFile(path: string, content: CheckpointContent): number {
  mkdirSync(dirname(path), { recursive: true });
  const body = JSON.stringify(content);
  const text = `${body.slice(0, -1)},"checksum":"${checksumOf(body)}"}`;
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
  removeLeftovers(path);
  return Buffer.byteLength(text);
}

/** Reads and verifies a checkpoint file; a CheckpointError names the file, what is wrong and what to do. */
export function readCheckpointFile(path: string): CheckpointContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unusable(path, code === 'ENOENT' ? 'the file does not exist' : (error as Error).message);
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unusable(path, `it is not complete JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unusable(path, 'it holds no JSON object');
  const { checksum, ...rest } = parsed;
  if (typeof checksum !== 'string') throw unusable(path, 'it has no "checksum"');
  if (checksum !== checksumOf(JSON.stringify(rest))) throw unusable(path, 'its contents do not match its checksum (the file was changed or damaged)');
  const checked = contentSchema.safeParse(rest);
  if (!checked.success) throw unusable(path, describeZodIssues(checked.error.issues, 'the file').replaceAll('\n', '; '));
  return rest as CheckpointContent;
}

function unusable(path: string, reason: string): CheckpointError {
  return new CheckpointError(
    `${path} is not a usable checkpoint: ${reason}. The run's metrics and other artifacts are unaffected; ` +
      'to get trained weights, train the run again from the start ("Train again" in the app, or `layerlab run` with its spec).',
  );
}

function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) rmSync(join(dirname(path), name), { force: true });
  }
}

function checksumOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Makes the rename itself durable (power loss); folders cannot be opened for syncing on Windows. */
function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const count = z.number().int().nonnegative();
const tensorSchema = z.object({ shape: z.array(count), data: z.string() });
const contentSchema = z.object({
  weights: z.record(z.string(), z.record(z.string(), tensorSchema)),
  checkpoint: z.object({
    format: z.literal(1),
    runId: z.string(),
    savedAt: z.string(),
    position: z.object({
      epochsDone: count,
      stepsDone: count,
      stepsPerEpoch: z.number().int().positive(),
      batchesDone: count,
      lossSum: z.number(),
      correctSum: z.number(),
      seen: count,
      lastEpochLoss: z.number().nullable(),
    }),
    optimizer: z.object({
      kind: z.string(),
      iterations: count,
      slots: z.record(z.string(), z.record(z.string(), z.array(tensorSchema))),
    }),
  }),
});
