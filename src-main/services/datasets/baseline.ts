import type { DatasetRef } from '../../../src-shared/api/records';
import type { MajorityBaseline } from '../../../src-shared/api/datasets';
import { loadDataset } from '../../engine/data';
import { isBuiltInDataset, showDataset } from '../dataset-catalog';

const cache = new Map<string, MajorityBaseline | null>();

/**
 * What a classifier must beat: always answering the most common class of the training examples (the run's
 * train limit applied), scored on its test examples (test limit applied). Null for regression.
 */
export function majorityBaseline(ref: DatasetRef, dataDir: string): MajorityBaseline | null {
  const key = JSON.stringify([ref.name, ref.trainLimit ?? null, ref.testLimit ?? null]);
  if (cache.has(key)) return cache.get(key)!;
  // An unknown name fails here, with the catalog's own message.
  const names = isBuiltInDataset(ref.name) ? [] : showDataset(dataDir, ref.name).classNames;
  const { train, test, summary } = loadDataset(ref, dataDir);
  let baseline: MajorityBaseline | null = null;
  if (summary.task === 'classification' && train.count > 0 && test.count > 0) {
    const counts = new Array<number>(summary.classes).fill(0);
    for (let i = 0; i < train.count; i++) counts[train.y[i]]++;
    const majority = counts.indexOf(Math.max(...counts));
    let right = 0;
    for (let i = 0; i < test.count; i++) if (test.y[i] === majority) right++;
    baseline = { majorityClass: names[majority] ?? String(majority), testErrors: test.count - right, testCount: test.count, testErrorRate: (test.count - right) / test.count };
  }
  // Imported sets can be removed and imported again under the same name; only built-in ones are kept.
  if (isBuiltInDataset(ref.name)) cache.set(key, baseline);
  return baseline;
}
