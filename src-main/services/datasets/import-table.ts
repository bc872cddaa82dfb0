import { statSync } from 'node:fs';
import { createRng, deriveSeed, permutation } from '../../engine/rng';
import { DatasetImportError } from './errors';
import { SplitsFingerprint } from '../../engine/data/fingerprint';
import type { ImportedDatasetMeta } from '../../engine/data/imported-meta';
import { throttled, type ProgressListener } from './progress';
import type { DatasetStaging } from './staging';
import { classCounts, FeatureAccumulator } from './stats';
import { RowEncoder } from './table-encode';
import { planTable, type PlanOptions, type TablePlan } from './table-plan';
import { profileTable } from './table-profile';
import { openTable } from './table-source';

export interface TableImportOptions extends PlanOptions {
  testSplit: number;
  header?: boolean;
}

/** CSV, TSV or a JSON record array → x.f32 (features, one-hot categories) and y (class index or target). */
export async function importTable(file: string, format: 'csv' | 'tsv' | 'json', staging: DatasetStaging, options: TableImportOptions, onProgress?: ProgressListener): Promise<ImportedDatasetMeta> {
  const bytes = statSync(file).size;
  if (bytes === 0) throw new DatasetImportError(file, 'byte 0', 'the file is empty (0 bytes)');
  const source = openTable(file, format);
  const profile = await profileTable(source, { header: options.header, onBytes: throttled(onProgress, 'reading', bytes) });
  const plan = planTable(source, profile, options);
  onProgress?.({ phase: 'writing', bytesDone: 0, bytesTotal: bytes });

  const testCount = Math.round(plan.keptRows * options.testSplit);
  const trainCount = plan.keptRows - testCount;
  if (trainCount === 0) throw new DatasetImportError(file, null, `--test-split ${options.testSplit} leaves no training rows out of ${plan.keptRows}`);
  const order = permutation(plan.keptRows, createRng(deriveSeed('dataset-import', 'test-split')));
  const written = writeShuffled(staging, new RowEncoder(profile, plan), plan, sourceRows(plan, order), trainCount);

  const meta: ImportedDatasetMeta = {
    format: 1,
    name: staging.name,
    kind: 'table',
    task: plan.task,
    fingerprint: written.fingerprint,
    inputShape: [plan.featureNames.length],
    trainCount,
    testCount,
    x: { file: 'x.f32', type: 'f32' },
    y: { file: plan.task === 'classification' ? 'y.u16' : 'y.f32', type: plan.task === 'classification' ? 'u16' : 'f32' },
    classNames: plan.classNames,
    classCounts: written.classCounts,
    features: written.features,
    targetStats: written.targetStats,
    columns: plan.columns,
    target: plan.columns[plan.targetIndex].name,
    droppedRows: plan.droppedRows,
    testSplit: options.testSplit,
    sources: [{ file, bytes, role: 'table', format }],
    createdAt: new Date().toISOString(),
  };
  return meta;
}

/** Data row of each output row: the kept rows (file order) taken in the order `order`. */
function sourceRows(plan: TablePlan, order: Uint32Array): Uint32Array {
  if (!plan.dropRow) return order;
  const kept = new Uint32Array(plan.keptRows);
  for (let row = 0, k = 0; row < plan.dropRow.length; row++) if (!plan.dropRow[row]) kept[k++] = row;
  return order.map((k) => kept[k]);
}

/**
 * Writes rows in the order `rows` (train rows first), gathering training statistics and the fingerprint
 * (the one fingerprintStored would compute from the written files) on the way.
 */
function writeShuffled(staging: DatasetStaging, encoder: RowEncoder, plan: TablePlan, rows: Uint32Array, trainCount: number) {
  const { width } = encoder;
  const classification = plan.task === 'classification';
  const y = classification ? new Uint16Array(rows.length) : new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = encoder.label(rows[i]);

  const features = new FeatureAccumulator(width);
  const target = new FeatureAccumulator(1);
  if (!classification) for (let i = 0; i < trainCount; i++) target.add(y, i);
  const fingerprint = new SplitsFingerprint();
  const rowsPerChunk = Math.max(1, Math.floor((1 << 20) / width));
  const chunk = new Float32Array(rowsPerChunk * width);
  const file = staging.openBinary('x.f32');
  try {
    for (const [first, end] of [[0, trainCount], [trainCount, rows.length]]) {
      fingerprint.beginSplit(end - first, [width], classification ? 'Int32Array' : 'Float32Array');
      for (let start = first; start < end; start += rowsPerChunk) {
        const stop = Math.min(end, start + rowsPerChunk);
        const filled = chunk.subarray(0, (stop - start) * width).fill(0);
        for (let i = start; i < stop; i++) {
          const offset = (i - start) * width;
          encoder.features(rows[i], chunk, offset);
          if (i < trainCount) features.add(chunk, offset);
        }
        file.write(filled);
        fingerprint.update(filled);
      }
      // The engine loads class labels as Int32Array, and fingerprints them so.
      fingerprint.update(classification ? Int32Array.from(y.subarray(first, end)) : y.subarray(first, end));
    }
  } finally {
    file.close();
  }
  staging.writeBinary(classification ? 'y.u16' : 'y.f32', y);

  const classes = plan.classNames.length;
  return {
    fingerprint: fingerprint.digest(),
    features: features.result(plan.featureNames),
    targetStats: classification ? undefined : target.result([plan.columns[plan.targetIndex].name])[0],
    classCounts: {
      train: classes ? classCounts(y, 0, trainCount, classes) : [],
      test: classes ? classCounts(y, trainCount, rows.length, classes) : [],
    },
  };
}
