import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import { writeFileAtomically } from './atomic-file';
import { checkpointContentSchema } from './checkpoint-schema';
import type { TrainingPosition } from './callbacks/types';
import type { EncodedTensor } from './tensor-codec';

/**
 * checkpoint.json, beside a run's other artifacts: a weights file (weights-io: format, spec, weights, …)
 * with a `checkpoint` section (where training stands and the optimizer's slots) and a `checksum` over
 * the rest. Being a weights file, it serves as a crashed run's weights. The trainer reads it whole (resume);
 * main only peeks at its end and its position file (checkpoint-peek.ts).
 */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** The small file beside a checkpoint saying where it is from: checkpoint.json → checkpoint.position.json. */
export function positionFileOf(checkpointPath: string): string {
  return join(dirname(checkpointPath), `${basename(checkpointPath, '.json')}.position.json`);
}

/** Epochs done, fractional within an epoch: 2.5 is halfway through the third epoch. */
export function epochOf(position: TrainingPosition): number {
  return position.epochsDone + position.batchesDone / position.stepsPerEpoch;
}

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
  /** A pruned network's masks, as weights files hold them. */
  masks?: Record<string, Record<string, EncodedTensor>>;
  checkpoint: CheckpointSection;
};

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/**
 * Writes the checkpoint atomically over the previous one (a crash at any moment leaves either), then
 * beside it its position file, which lets main learn where the checkpoint is from without reading it
 * whole. Returns the checkpoint's bytes.
 */
export function writeCheckpointFile(path: string, content: CheckpointContent): number {
  const body = JSON.stringify(content);
  const checksum = checksumOf(body);
  const text = `${body.slice(0, -1)},"checksum":"${checksum}"}`;
  const bytes = Buffer.byteLength(text);
  writeFileAtomically(path, text);
  writeFileAtomically(
    positionFileOf(path),
    JSON.stringify({ format: 1, checkpointBytes: bytes, checkpointChecksum: checksum, position: content.checkpoint.position }),
  );
  return bytes;
}

/** Reads and verifies a checkpoint file; a CheckpointError names the file, what is wrong and what to do. */
export function readCheckpointFile(path: string): CheckpointContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unusableCheckpoint(path, code === 'ENOENT' ? 'the file does not exist' : (error as Error).message);
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw unusableCheckpoint(path, `it is not complete JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unusableCheckpoint(path, 'it holds no JSON object');
  const { checksum, ...rest } = parsed;
  if (typeof checksum !== 'string') throw unusableCheckpoint(path, 'it has no "checksum"');
  if (checksum !== checksumOf(JSON.stringify(rest))) throw unusableCheckpoint(path, 'its contents do not match its checksum (the file was changed or damaged)');
  const checked = checkpointContentSchema.safeParse(rest);
  if (!checked.success) throw unusableCheckpoint(path, describeZodIssues(checked.error.issues, 'the file').replaceAll('\n', '; '));
  return rest as CheckpointContent;
}

export function unusableCheckpoint(path: string, reason: string): CheckpointError {
  return new CheckpointError(
    `${path} is not a usable checkpoint: ${reason}. The run's metrics and other artifacts are unaffected; ` +
      'to get trained weights, train the run again from the start ("Train again" in the app, or `layerlab run` with its spec).',
  );
}

export function checksumOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
