import { createHash } from 'node:crypto';
import type { DataSplit } from './types';

/** sha256 over the shapes and the bytes of the data actually used (after limits, before preprocessing). */
export function fingerprintSplits(splits: DataSplit[]): string {
  const hash = createHash('sha256');
  for (const split of splits) {
    hash.update(JSON.stringify({ count: split.count, shape: split.shape, y: split.y.constructor.name }));
    hash.update(new Uint8Array(split.x.buffer, split.x.byteOffset, split.x.byteLength));
    hash.update(new Uint8Array(split.y.buffer, split.y.byteOffset, split.y.byteLength));
  }
  return `sha256:${hash.digest('hex')}`;
}
