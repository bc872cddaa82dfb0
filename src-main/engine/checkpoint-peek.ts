import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import type { TrainingPosition } from './callbacks/types';
import { positionFileOf, unusableCheckpoint } from './checkpoint-file';
import { checkpointPositionSchema } from './checkpoint-schema';

/** What main learns of a checkpoint without reading it whole. */
export interface CheckpointGlance {
  bytes: number;
  /** Null when the position file is missing or describes another checkpoint; `unknownBecause` says which. */
  position: TrainingPosition | null;
  unknownBecause?: string;
}

/** A checkpoint ends with its checksum (checkpoint-file.ts); a file cut short or rewritten does not. */
const CHECKSUM_ENDING = /,"checksum":"(sha256:[0-9a-f]{64})"\}$/;
const ENDING_BYTES = 128;

/**
 * Where a checkpoint is from, in a few small reads, for main (which must stay responsive; reading and
 * hashing a 20 MB checkpoint takes most of a second): the file's size and last bytes, checked against
 * its position file. Throws CheckpointError when the file is missing or does not end with a checksum.
 * Damage inside the file shows only when it is read whole, in the trainer that resumes from it.
 */
export function peekCheckpoint(path: string): CheckpointGlance {
  const { bytes, ending } = readEnding(path);
  const checksum = CHECKSUM_ENDING.exec(ending)?.[1];
  if (!checksum) throw unusableCheckpoint(path, 'it does not end with its checksum (it was cut short or changed)');
  const positionFile = positionFileOf(path);
  let record;
  try {
    record = checkpointPositionSchema.safeParse(JSON.parse(readFileSync(positionFile, 'utf8')));
  } catch (error) {
    return { bytes, position: null, unknownBecause: `${positionFile} cannot be read (${(error as Error).message})` };
  }
  if (!record.success) return { bytes, position: null, unknownBecause: `${positionFile} is not a position file` };
  if (record.data.checkpointChecksum !== checksum || record.data.checkpointBytes !== bytes) {
    return { bytes, position: null, unknownBecause: `${positionFile} describes an earlier checkpoint` };
  }
  return { bytes, position: record.data.position };
}

function readEnding(path: string): { bytes: number; ending: string } {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw unusableCheckpoint(path, code === 'ENOENT' ? 'the file does not exist' : (error as Error).message);
  }
  try {
    const bytes = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.min(bytes, ENDING_BYTES));
    const read = readSync(fd, buffer, 0, buffer.length, bytes - buffer.length);
    return { bytes, ending: buffer.toString('latin1', 0, read) };
  } finally {
    closeSync(fd);
  }
}
