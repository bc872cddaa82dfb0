import type { DatasetPreview } from '../../../src-shared/api/datasets';
import { loadDataset } from '../../engine/data';
import type { DataSplit } from '../../engine/data/types';

const IMAGE_SAMPLES = 32;
const cache = new Map<string, DatasetPreview>();

function classCounts(split: DataSplit, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < split.count; i++) counts[split.y[i]]++;
  return counts;
}

/**
 * What the Datasets tab shows for a built-in set: the class balance of both splits and, for images (MNIST), the
 * first training examples with their labels. Built-in sets never change, so each is read once per process.
 */
export function previewBuiltInDataset(name: string, dataDir: string): DatasetPreview {
  const known = cache.get(name);
  if (known) return known;
  const { train, test, summary, valueRange } = loadDataset({ name }, dataDir);
  const classNames = Array.from({ length: summary.classes }, (_, k) => String(k));
  const preview: DatasetPreview = {
    name,
    kind: summary.inputShape.length >= 2 ? 'images' : 'table',
    task: summary.task,
    classNames,
    classCounts: summary.task === 'classification' ? { train: classCounts(train, summary.classes), test: classCounts(test, summary.classes) } : { train: [], test: [] },
    histograms: [],
    sampled: train.count,
  };
  if (preview.kind === 'images') {
    const size = train.x.length / Math.max(1, train.count);
    const count = Math.min(IMAGE_SAMPLES, train.count);
    const samples = Array.from({ length: count }, (_, i) => ({ values: Array.from(train.x.subarray(i * size, (i + 1) * size)), label: classNames[train.y[i]] ?? String(train.y[i]) }));
    preview.images = { shape: summary.inputShape, range: valueRange ?? [0, 255], samples };
    preview.sampled = count;
  }
  cache.set(name, preview);
  return preview;
}
