import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintSplits } from './fingerprint';
import type { DataSplit, RawDataset } from './types';
import { datasetDir, readMeta, type ImportedDatasetMeta, type StoredType } from './imported-meta';

const VIEWS: Record<StoredType, { bytes: number; view: (buffer: ArrayBuffer) => ArrayLike<number> }> = {
  u8: { bytes: 1, view: (b) => new Uint8Array(b) },
  i8: { bytes: 1, view: (b) => new Int8Array(b) },
  u16: { bytes: 2, view: (b) => new Uint16Array(b) },
  i16: { bytes: 2, view: (b) => new Int16Array(b) },
  i32: { bytes: 4, view: (b) => new Int32Array(b) },
  f32: { bytes: 4, view: (b) => new Float32Array(b) },
  f64: { bytes: 8, view: (b) => new Float64Array(b) },
};

/** Reads `count` values of a stored type, starting at value `start`, as a fresh aligned buffer. */
function readValues(file: string, type: StoredType, start: number, count: number): ArrayLike<number> {
  const { bytes, view } = VIEWS[type];
  const buffer = new ArrayBuffer(count * bytes);
  const target = new Uint8Array(buffer);
  const fd = openSync(file, 'r');
  try {
    let done = 0;
    while (done < target.length) {
      const read = readSync(fd, target, done, target.length - done, start * bytes + done);
      if (read === 0) throw new Error(`${file} is shorter than its meta.json says; remove the dataset and import it again`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return view(buffer);
}

function readSplit(dir: string, meta: ImportedDatasetMeta, first: number, count: number): DataSplit {
  const size = meta.inputShape.reduce((a, b) => a * b, 1);
  const xValues = readValues(join(dir, meta.x.file), meta.x.type, first * size, count * size);
  const yValues = readValues(join(dir, meta.y.file), meta.y.type, first, count);
  return {
    x: xValues instanceof Float32Array ? xValues : Float32Array.from(xValues),
    y: meta.task === 'classification' ? Int32Array.from(yValues) : Float32Array.from(yValues),
    count,
    shape: meta.inputShape,
  };
}

/** The stored arrays of a dataset dir as the engine's loaders return them (limits read only what is used). */
export function readStoredDataset(dir: string, meta: ImportedDatasetMeta, limits: { train?: number; test?: number } = {}): RawDataset {
  const trainCount = Math.min(limits.train ?? meta.trainCount, meta.trainCount);
  const testCount = Math.min(limits.test ?? meta.testCount, meta.testCount);
  return {
    task: meta.task,
    classes: meta.classNames.length,
    train: readSplit(dir, meta, 0, trainCount),
    test: readSplit(dir, meta, meta.trainCount, testCount),
    valueRange: meta.valueRange,
  };
}

/** What the engine fingerprints for a run on this data without limits. */
export function fingerprintStored(dir: string, meta: ImportedDatasetMeta): string {
  const raw = readStoredDataset(dir, meta);
  return fingerprintSplits([raw.train, raw.test]);
}

/** The engine registry's loader for an imported dataset. */
export function loadImportedRaw(dataDir: string, name: string, limits: { train?: number; test?: number }): RawDataset {
  return readStoredDataset(datasetDir(dataDir, name), readMeta(dataDir, name), limits);
}
