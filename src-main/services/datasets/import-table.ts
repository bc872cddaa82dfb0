import { statSync } from 'node:fs';
import { createRng, deriveSeed, permutation } from '../../engine/rng';
import { DatasetImportError } from './errors';
import { fingerprintStored } from '../../engine/data/imported-load';
import type { ImportedDatasetMeta } from '../../engine/data/imported-meta';
import { throttled, type ProgressListener } from './progress';
import type { DatasetStaging } from './staging';
import { classCounts, FeatureAccumulator } from './stats';
import { encodeTable, type EncodedTable } from './table-encode';
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
  const profile = await profileTable(source, { header: options.header, onBytes: throttled(onProgress, 'profiling', bytes) });
  const plan = planTable(source, profile, options);
  let encoded: EncodedTable | null = await encodeTable(source, profile, plan, throttled(onProgress, 'encoding', bytes));
  onProgress?.({ phase: 'writing', bytesDone: 0, bytesTotal: bytes });

  const testCount = Math.round(plan.keptRows * options.testSplit);
  const trainCount = plan.keptRows - testCount;
  if (trainCount === 0) throw new DatasetImportError(file, null, `--test-split ${options.testSplit} leaves no training rows out of ${plan.keptRows}`);
  const order = permutation(plan.keptRows, createRng(deriveSeed('dataset-import', 'test-split')));
  const written = writeShuffled(staging, encoded, plan, order, trainCount);
  // Let the in-memory copy go before the written files are read back for the fingerprint.
  encoded = null;

  const meta: ImportedDatasetMeta = {
    format: 1,
    name: staging.name,
    kind: 'table',
    task: plan.task,
    fingerprint: '',
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
  meta.fingerprint = fingerprintStored(staging.dir, meta);
  return meta;
}

/** Writes rows in the order `order` (train rows first), gathering training statistics on the way. */
function writeShuffled(staging: DatasetStaging, { x, y }: EncodedTable, plan: TablePlan, order: Uint32Array, trainCount: number) {
  const width = plan.featureNames.length;
  const features = new FeatureAccumulator(width);
  const target = new FeatureAccumulator(1);
  const rowsPerChunk = Math.max(1, Math.floor((1 << 20) / width));
  const chunk = new Float32Array(rowsPerChunk * width);
  const file = staging.openBinary('x.f32');
  try {
    for (let start = 0; start < order.length; start += rowsPerChunk) {
      const end = Math.min(order.length, start + rowsPerChunk);
      for (let i = start; i < end; i++) {
        const offset = (i - start) * width;
        chunk.set(x.subarray(order[i] * width, (order[i] + 1) * width), offset);
        if (i < trainCount) features.add(chunk, offset);
      }
      file.write(chunk.subarray(0, (end - start) * width));
    }
  } finally {
    file.close();
  }

  const yOut = plan.task === 'classification' ? new Uint16Array(order.length) : new Float32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    yOut[i] = y[order[i]];
    if (i < trainCount && plan.task === 'regression') target.add(yOut, i);
  }
  staging.writeBinary(plan.task === 'classification' ? 'y.u16' : 'y.f32', yOut);
  const classes = plan.classNames.length;
  return {
    features: features.result(plan.featureNames),
    targetStats: plan.task === 'regression' ? target.result([plan.columns[plan.targetIndex].name])[0] : undefined,
    classCounts: {
      train: classes ? classCounts(yOut, 0, trainCount, classes) : [],
      test: classes ? classCounts(yOut, trainCount, order.length, classes) : [],
    },
  };
}
