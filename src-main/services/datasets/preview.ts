import type { ColumnInfo, DatasetPreview, Histogram } from '../../../src-shared/api/datasets';
import type { DataSplit } from '../../engine/data/types';
import { readStoredDataset } from '../../engine/data/imported-load';
import { datasetDir, type ImportedDatasetMeta } from '../../engine/data/imported-meta';

const IMAGE_SAMPLES = 32;
const HEAD_ROWS = 10;
const HISTOGRAM_ROWS = 50_000;
const BINS = 20;

/** What the preview panel shows: image samples with labels, or a table head and a histogram per column; class balance. */
export function previewDataset(dataDir: string, meta: ImportedDatasetMeta, dir = datasetDir(dataDir, meta.name)): DatasetPreview {
  const base = { name: meta.name, kind: meta.kind, task: meta.task, classNames: meta.classNames, classCounts: meta.classCounts };
  const label = (split: DataSplit, i: number) => (meta.task === 'classification' ? meta.classNames[split.y[i]] : formatValue(split.y[i]));
  if (meta.kind === 'images') {
    const { train } = readStoredDataset(dir, meta, { train: IMAGE_SAMPLES, test: 0 });
    const size = train.x.length / Math.max(1, train.count);
    const samples = Array.from({ length: train.count }, (_, i) => ({ values: [...train.x.subarray(i * size, (i + 1) * size)], label: label(train, i) }));
    const range: [number, number] = meta.valueRange ?? [Math.min(...meta.features.map((f) => f.min)), Math.max(...meta.features.map((f) => f.max))];
    return { ...base, images: { shape: meta.inputShape, range, samples }, histograms: [], sampled: train.count };
  }
  const { train } = readStoredDataset(dir, meta, { train: HISTOGRAM_ROWS, test: 0 });
  const columns = meta.columns ?? [];
  const width = meta.inputShape[0];
  const cell = (column: ColumnInfo, i: number): number | string => {
    const row = train.x.subarray(i * width, (i + 1) * width);
    if (column.kind === 'numeric') return float32Text(row[column.featureStart!]);
    if (column.kind === 'categorical') return column.categories![oneHotIndex(row, column)] ?? '';
    if (column.kind === 'target') return label(train, i);
    return '';
  };
  const rows = Array.from({ length: Math.min(HEAD_ROWS, train.count) }, (_, i) => columns.map((column) => cell(column, i)));
  const histograms = columns.filter((c) => c.kind !== 'ignored').map((column) => histogramOf(column, train, width, meta));
  return { ...base, table: { columns, rows }, histograms, sampled: train.count };
}

function oneHotIndex(row: Float32Array, column: ColumnInfo): number {
  for (let k = 0; k < column.categories!.length; k++) if (row[column.featureStart! + k] === 1) return k;
  return -1;
}

function histogramOf(column: ColumnInfo, split: DataSplit, width: number, meta: ImportedDatasetMeta): Histogram {
  if (column.kind === 'categorical') {
    const counts = new Array<number>(column.categories!.length).fill(0);
    for (let i = 0; i < split.count; i++) {
      const k = oneHotIndex(split.x.subarray(i * width, (i + 1) * width), column);
      if (k >= 0) counts[k]++;
    }
    return { name: column.name, kind: 'categorical', min: 0, max: counts.length - 1, counts, labels: column.categories };
  }
  if (column.kind === 'target' && meta.task === 'classification') {
    const counts = new Array<number>(meta.classNames.length).fill(0);
    for (let i = 0; i < split.count; i++) counts[split.y[i]]++;
    return { name: column.name, kind: 'categorical', min: 0, max: counts.length - 1, counts, labels: meta.classNames };
  }
  const values = column.kind === 'target' ? split.y : strided(split.x, width, column.featureStart!, split.count);
  return numericHistogram(column.name, values);
}

function strided(x: Float32Array, width: number, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = x[i * width + offset];
  return out;
}

export function numericHistogram(name: string, values: ArrayLike<number>, bins = BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (!Number.isFinite(min)) return { name, kind: 'numeric', min: 0, max: 0, counts: [] };
  const counts = new Array<number>(bins).fill(0);
  const span = max - min || 1;
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor(((values[i] - min) / span) * bins))]++;
  return { name, kind: 'numeric', min, max, counts };
}

function formatValue(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/** A stored float32 as the number it was written as (14.2, not 14.199999809265137). */
function float32Text(value: number): number {
  return Number(value.toPrecision(7));
}
