import { createHash } from 'node:crypto';
import type { DataSplit } from './types';

/**
 * The dataset fingerprint fed piece by piece, so a writer can hash what it writes: for each split, its
 * header, then its x bytes, then its y bytes (y as the engine loads it: Int32Array labels or Float32Array targets).
 */
export class SplitsFingerprint {
  private readonly hash = createHash('sha256');

  beginSplit(count: number, shape: number[], yType: string): void {
    this.hash.update(JSON.stringify({ count, shape, y: yType }));
  }

  update(values: ArrayBufferView): void {
    this.hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

/** sha256 over the shapes and the bytes of the data actually used (after limits, before preprocessing). */
export function fingerprintSplits(splits: DataSplit[]): string {
  const fingerprint = new SplitsFingerprint();
  for (const split of splits) {
    fingerprint.beginSplit(split.count, split.shape, split.y.constructor.name);
    fingerprint.update(split.x);
    fingerprint.update(split.y);
  }
  return fingerprint.digest();
}
