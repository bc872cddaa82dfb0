import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetRef, RunDetail } from '../../../src-shared/api/run';
import { loadDataset } from '../../engine/data';
import { readPredictions } from '../../engine/predictions';

/** A run's predicted test classes from its predictions artifact; null if it has none or it does not fit the test set. */
export function runPredictions(dataDir: string, detail: RunDetail): ArrayLike<number> | null {
  const artifact = [...detail.artifacts].reverse().find((a) => a.kind === 'predictions');
  const testCount = detail.run.datasetInfo?.testSize;
  if (!artifact || !testCount) return null;
  const file = join(dataDir, artifact.path);
  if (!existsSync(file)) return null;
  try {
    return readPredictions(file, testCount);
  } catch {
    return null;
  }
}

/** True test labels per dataset and test limit, loaded once (the training split is not needed). */
export class TestLabels {
  private readonly cache = new Map<string, Int32Array | null>();

  constructor(private readonly dataDir: string) {}

  get(ref: DatasetRef): Int32Array | null {
    const key = `${ref.name}\u0000${ref.testLimit ?? ''}`;
    if (!this.cache.has(key)) this.cache.set(key, this.load(ref));
    return this.cache.get(key)!;
  }

  private load(ref: DatasetRef): Int32Array | null {
    try {
      const { test } = loadDataset({ name: ref.name, trainLimit: 1, testLimit: ref.testLimit }, this.dataDir);
      return test.y instanceof Int32Array ? test.y : null;
    } catch {
      return null;
    }
  }
}

/**
 * What finished runs leave behind does not change: their first-layer weights and test predictions are
 * read once and kept (the newest `capacity` runs), so a study view polling its detail stays cheap.
 */
export class FinishedRunCache {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly capacity = 64) {}

  get<T>(key: string, load: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = load();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
