import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { checkIdxPair, IdxError, parseIdx, type IdxArray, type IdxTensor, type IdxTypeName } from '../../engine/data/idx';
import { createRng, deriveSeed, permutation } from '../../engine/rng';
import { DatasetImportError, DatasetUsageError } from './errors';
import { fingerprintStored } from '../../engine/data/imported-load';
import type { FeatureStats, ImportedDatasetMeta, SourceFile, StoredType } from '../../engine/data/imported-meta';
import type { ProgressListener } from './progress';
import type { DatasetStaging } from './staging';
import { classCounts, FeatureAccumulator, pooledStats } from './stats';
import type { Task } from '../../../src-shared/api/records';

const STORED: Record<IdxTypeName, StoredType> = { ubyte: 'u8', sbyte: 'i8', short: 'i16', int: 'i32', float: 'f32', double: 'f64' };
/** Examples with at most this many values get statistics per feature; larger ones (images) one pooled entry. */
const MAX_FEATURE_STATS = 256;

interface IdxFile {
  file: string;
  bytes: number;
  tensor: IdxTensor;
  role: 'images' | 'labels';
  split: 'train' | 'test';
}

interface Pair {
  images: IdxFile;
  labels: IdxFile;
}

export interface IdxImportOptions {
  task?: Task;
  /** Fraction held out for testing when no test files are given. */
  testSplit: number;
}

/** IDX image/label pairs (any element type, any rank), train and optionally test files together. */
export function importIdx(files: string[], staging: DatasetStaging, options: IdxImportOptions, onProgress?: ProgressListener): ImportedDatasetMeta {
  const total = files.reduce((sum, file) => sum + readSize(file), 0);
  let done = 0;
  const parsed = files.map((file) => {
    const item = readIdxFile(file);
    onProgress?.({ phase: 'reading', bytesDone: (done += item.bytes), bytesTotal: total });
    return item;
  });
  let train = pairOf(parsed, 'train');
  let test = pairOf(parsed, 'test');
  // A lone pair named "test" or "t10k" is all the data there is: split it like any single pair.
  if (!train && test) [train, test] = [test, null];
  if (!train) {
    throw new DatasetUsageError(`no training images and labels among ${files.map((f) => basename(f)).join(', ')}; test files are those named with "test" or "t10k"`);
  }
  if (test) checkSameShape(train, test);

  const exampleShape = toExampleShape(train.images.tensor.shape);
  const size = exampleShape.reduce((a, b) => a * b, 1);
  let trainX = train.images.tensor.data;
  let trainY = train.labels.tensor.data;
  let testX = test?.images.tensor.data ?? trainX.subarray(0, 0);
  let testY = test?.labels.tensor.data ?? trainY.subarray(0, 0);
  if (!test && options.testSplit > 0) {
    ({ trainX, trainY, testX, testY } = splitShuffled(trainX, trainY, size, options.testSplit));
  }
  const trainCount = trainY.length;
  const testCount = testY.length;
  if (trainCount === 0) throw new DatasetImportError(train.images.file, 'byte 4', 'the file holds no examples');

  const labels = encodeLabels(trainY, testY, options.task, test?.labels.file ?? train.labels.file);
  if (labels.task === 'classification' && new Set(labels.values).size < 2) {
    throw new DatasetImportError(train.labels.file, null, 'every example has the same label: a classifier needs at least two classes (for numeric targets use --task regression)');
  }
  const xType = STORED[train.images.tensor.typeName];
  const xFile = staging.openBinary(`x.${xType}`);
  try {
    xFile.write(trainX);
    xFile.write(testX);
  } finally {
    xFile.close();
  }
  staging.writeBinary(`y.${labels.type}`, labels.values);

  const sources: SourceFile[] = parsed.map((item) => ({ file: item.file, bytes: item.bytes, role: `${item.split}-${item.role}`, format: 'idx' }));
  const meta: ImportedDatasetMeta = {
    format: 1,
    name: staging.name,
    kind: 'images',
    task: labels.task,
    fingerprint: '',
    inputShape: exampleShape,
    trainCount,
    testCount,
    x: { file: `x.${xType}`, type: xType },
    y: { file: `y.${labels.type}`, type: labels.type },
    classNames: labels.classNames,
    classCounts: labels.task === 'classification'
      ? { train: classCounts(labels.values, 0, trainCount, labels.classNames.length), test: classCounts(labels.values, trainCount, trainCount + testCount, labels.classNames.length) }
      : { train: [], test: [] },
    features: inputStats(trainX, size, trainCount),
    targetStats: labels.task === 'regression' ? pooledStats('target', labels.values, trainCount) : undefined,
    valueRange: train.images.tensor.typeName === 'ubyte' ? [0, 255] : undefined,
    droppedRows: 0,
    testSplit: test ? null : options.testSplit,
    sources,
    createdAt: new Date().toISOString(),
  };
  onProgress?.({ phase: 'writing', bytesDone: total, bytesTotal: total });
  meta.fingerprint = fingerprintStored(staging.dir, meta);
  return meta;
}

function readSize(file: string): number {
  return statSync(file).size;
}

function readIdxFile(file: string): IdxFile {
  const bytes = readFileSync(file);
  if (bytes.length === 0) throw new DatasetImportError(file, 'byte 0', 'the file is empty (0 bytes)');
  let tensor: IdxTensor;
  try {
    // A plain Uint8Array view: Buffer.slice shares memory, so parseIdx's copies must come from a Uint8Array.
    tensor = parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), file);
  } catch (error) {
    throw asImportError(error);
  }
  const isLabels = tensor.shape.length === 1 || (tensor.shape.length === 2 && tensor.shape[1] === 1);
  return { file, bytes: bytes.length, tensor, role: isLabels ? 'labels' : 'images', split: /t10k|test/i.test(basename(file)) ? 'test' : 'train' };
}

export function asImportError(error: unknown): unknown {
  if (!(error instanceof IdxError)) return error;
  const prefix = `${error.file}: at byte ${error.offset}: `;
  const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new DatasetImportError(error.file, `byte ${error.offset}`, detail);
}

function pairOf(files: IdxFile[], split: 'train' | 'test'): Pair | null {
  const of = (role: 'images' | 'labels') => files.filter((item) => item.split === split && item.role === role);
  const images = of('images');
  const labels = of('labels');
  if (images.length === 0 && labels.length === 0) return null;
  const names = (items: IdxFile[]) => items.map((item) => basename(item.file)).join(', ');
  if (images.length > 1 || labels.length > 1) {
    throw new DatasetUsageError(`more than one ${split} ${images.length > 1 ? 'images' : 'labels'} file (${names(images.length > 1 ? images : labels)}); give one images and one labels file per split`);
  }
  if (images.length === 0) throw new DatasetUsageError(`${names(labels)} holds ${split} labels, but no ${split} images file (rank 2 or more) was given`);
  if (labels.length === 0) throw new DatasetUsageError(`${names(images)} holds ${split} images, but no ${split} labels file (rank 1) was given`);
  try {
    checkIdxPair(images[0].tensor, labels[0].tensor, images[0].file, labels[0].file);
  } catch (error) {
    throw asImportError(error);
  }
  return { images: images[0], labels: labels[0] };
}

function checkSameShape(train: Pair, test: Pair): void {
  const a = train.images.tensor;
  const b = test.images.tensor;
  if (a.shape.slice(1).join('x') !== b.shape.slice(1).join('x') || a.typeName !== b.typeName) {
    throw new DatasetImportError(
      test.images.file,
      'byte 2',
      `${b.shape.slice(1).join('x')} ${b.typeName} examples, but the training file ${basename(train.images.file)} holds ${a.shape.slice(1).join('x')} ${a.typeName} examples`,
    );
  }
}

/** Same convention as the built-in MNIST: a rank-3 file [n, h, w] holds one-channel images [h, w, 1]. */
function toExampleShape(shape: number[]): number[] {
  return shape.length === 3 ? [...shape.slice(1), 1] : shape.slice(1);
}

function splitShuffled(x: IdxArray, y: IdxArray, size: number, testSplit: number) {
  const count = y.length;
  const order = permutation(count, createRng(deriveSeed('dataset-import', 'test-split')));
  const gatheredX = new (x.constructor as new (n: number) => IdxArray)(x.length);
  const gatheredY = new (y.constructor as new (n: number) => IdxArray)(count);
  for (let i = 0; i < count; i++) {
    gatheredX.set(x.subarray(order[i] * size, (order[i] + 1) * size), i * size);
    gatheredY[i] = y[order[i]];
  }
  const trainCount = count - Math.round(count * testSplit);
  return {
    trainX: gatheredX.subarray(0, trainCount * size),
    trainY: gatheredY.subarray(0, trainCount),
    testX: gatheredX.subarray(trainCount * size),
    testY: gatheredY.subarray(trainCount),
  };
}

interface EncodedLabels {
  task: Task;
  type: 'u16' | 'f32';
  values: Uint16Array | Float32Array;
  classNames: string[];
}

/** Integer labels 0…K−1 keep their value as the class index; other integer labels are numbered in sorted order. */
function encodeLabels(trainY: IdxArray, testY: IdxArray, task: Task | undefined, file: string): EncodedLabels {
  const all = [trainY, testY];
  const integral = all.every((values) => values.every((v) => Number.isInteger(v)));
  const resolved = task ?? (integral ? 'classification' : 'regression');
  if (resolved === 'regression') {
    const values = new Float32Array(trainY.length + testY.length);
    values.set(trainY);
    values.set(testY, trainY.length);
    return { task: 'regression', type: 'f32', values, classNames: [] };
  }
  if (!integral) {
    const bad = all.flatMap((values) => [...values]).find((v) => !Number.isInteger(v));
    throw new DatasetImportError(file, null, `label ${bad} is not a whole number, so the labels cannot be classes; use --task regression`);
  }
  const distinct = [...new Set(all.flatMap((values) => [...values]))].sort((a, b) => a - b);
  const identity = distinct[0] >= 0 && distinct[distinct.length - 1] < 1000;
  if (!identity && distinct.length > 1000) throw new DatasetImportError(file, null, `${distinct.length} distinct labels: too many classes; use --task regression`);
  const classNames = identity ? Array.from({ length: distinct[distinct.length - 1] + 1 }, (_, k) => String(k)) : distinct.map(String);
  const index = new Map(distinct.map((value, k) => [value, identity ? value : k]));
  const values = new Uint16Array(trainY.length + testY.length);
  trainY.forEach((v, i) => (values[i] = index.get(v)!));
  testY.forEach((v, i) => (values[trainY.length + i] = index.get(v)!));
  return { task: 'classification', type: 'u16', values, classNames };
}

function inputStats(x: IdxArray, size: number, count: number): FeatureStats[] {
  if (size > MAX_FEATURE_STATS) return [pooledStats('all inputs', x, count * size)];
  const accumulator = new FeatureAccumulator(size);
  for (let i = 0; i < count; i++) accumulator.add(x, i * size);
  return accumulator.result(Array.from({ length: size }, (_, j) => `x${j}`));
}
