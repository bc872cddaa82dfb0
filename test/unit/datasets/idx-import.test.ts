import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, type IdxTypeName } from '../../../src-main/engine/data/idx';
import { importDataset, loadImportedRaw } from '../../../src-main/services/datasets';
import { tempDirs } from './helpers';

const TYPES: [IdxTypeName, number[]][] = [
  ['ubyte', [0, 17, 255]],
  ['sbyte', [-128, -3, 127]],
  ['short', [-32768, 1234, 32767]],
  ['int', [-2147483648, 65536, 2147483647]],
  ['float', [-1.5, 0.25, 3.75]],
  ['double', [-1e-3, 2.5, 1e6]],
];

describe('IDX import', () => {
  it.each(TYPES)('keeps %s values exactly (as float32) and fingerprints them', async (type, samples) => {
    const { dataDir, write } = tempDirs();
    const count = 4;
    const values = Array.from({ length: count * 6 }, (_, i) => samples[i % samples.length]);
    const files = [
      write('train-images.idx', encodeIdx(type, [count, 2, 3], values)),
      write('train-labels.idx', encodeIdx('ubyte', [count], [0, 1, 2, 1])),
    ];
    const meta = await importDataset({ files, name: `t-${type}`, dataDir, testSplit: 0 });
    expect(meta.inputShape).toEqual([2, 3, 1]);
    expect(meta.x.type).not.toBe('');
    expect(meta.classNames).toEqual(['0', '1', '2']);
    expect(meta.classCounts.train).toEqual([1, 2, 1]);
    expect(meta.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const raw = loadImportedRaw(dataDir, `t-${type}`, {});
    expect([...raw.train.x]).toEqual([...Float32Array.from(values)]);
    expect([...raw.train.y]).toEqual([0, 1, 2, 1]);
    expect(raw.valueRange).toEqual(type === 'ubyte' ? [0, 255] : undefined);
  });

  it.each([1, 2, 3])('accepts examples of rank %i (file rank + 1)', async (exampleRank) => {
    const { dataDir, write } = tempDirs();
    const exampleShape = [2, 3, 2].slice(0, exampleRank);
    const size = exampleShape.reduce((a, b) => a * b, 1);
    const files = [
      write('train-images.idx', encodeIdx('float', [5, ...exampleShape], Array.from({ length: 5 * size }, (_, i) => i))),
      write('train-labels.idx', encodeIdx('ubyte', [5], [0, 1, 0, 1, 0])),
    ];
    // A rank-1 "images" file would be read as labels; rank-1 examples need a rank-2 file.
    const meta = await importDataset({ files, name: 'ranked', dataDir, testSplit: 0 });
    expect(meta.inputShape).toEqual(exampleRank === 2 ? [2, 3, 1] : exampleShape);
  });

  it('takes train and test files together and keeps their order', async () => {
    const { dataDir, write } = tempDirs();
    const files = [
      write('train-images-idx3-ubyte', encodeIdx('ubyte', [3, 1, 2], [1, 2, 3, 4, 5, 6])),
      write('train-labels-idx1-ubyte', encodeIdx('ubyte', [3], [2, 0, 1])),
      write('t10k-images-idx3-ubyte', encodeIdx('ubyte', [2, 1, 2], [7, 8, 9, 10])),
      write('t10k-labels-idx1-ubyte', encodeIdx('ubyte', [2], [1, 1])),
    ];
    const meta = await importDataset({ files, name: 'pairs', dataDir });
    expect([meta.trainCount, meta.testCount, meta.testSplit]).toEqual([3, 2, null]);
    const raw = loadImportedRaw(dataDir, 'pairs', {});
    expect([...raw.test.x]).toEqual([7, 8, 9, 10]);
    expect([...raw.train.y]).toEqual([2, 0, 1]);
    expect(meta.classCounts).toEqual({ train: [1, 1, 1], test: [0, 2, 0] });
  });

  it('holds out a seeded test split when no test files are given', async () => {
    const { dataDir, write } = tempDirs();
    const files = [
      write('images.idx', encodeIdx('ubyte', [10, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
      write('labels.idx', encodeIdx('ubyte', [10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
    ];
    const meta = await importDataset({ files, name: 'split', dataDir, testSplit: 0.3 });
    expect([meta.trainCount, meta.testCount]).toEqual([7, 3]);
    const raw = loadImportedRaw(dataDir, 'split', {});
    // Each example keeps its own label, and together the splits hold every example once.
    expect([...raw.train.x, ...raw.test.x]).toEqual([...raw.train.y, ...raw.test.y]);
    expect([...raw.train.x, ...raw.test.x].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads float labels as a regression target', async () => {
    const { dataDir, write } = tempDirs();
    const files = [
      write('x.idx', encodeIdx('float', [3, 2], [1, 2, 3, 4, 5, 6])),
      write('y.idx', encodeIdx('float', [3], [0.5, 1.5, -2])),
    ];
    const meta = await importDataset({ files, name: 'reg', dataDir, testSplit: 0 });
    expect(meta.task).toBe('regression');
    expect(meta.targetStats!.min).toBe(-2);
    expect([...loadImportedRaw(dataDir, 'reg', {}).train.y]).toEqual([0.5, 1.5, -2]);
  });

  it('parses signed bytes from a Node Buffer (whose slices share one larger ArrayBuffer)', () => {
    const bytes = Buffer.concat([Buffer.from('padding'), Buffer.from(encodeIdx('sbyte', [3], [-1, 5, -128]))]).subarray(7);
    expect([...parseIdx(bytes, 'signed.idx').data]).toEqual([-1, 5, -128]);
  });

  it('splits a lone test pair (t10k files only) like any single pair', async () => {
    const { dataDir, write } = tempDirs();
    const files = [
      write('t10k-images-idx3-ubyte', encodeIdx('ubyte', [10, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
      write('t10k-labels-idx1-ubyte', encodeIdx('ubyte', [10], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])),
    ];
    const meta = await importDataset({ files, name: 'lone', dataDir, testSplit: 0.2 });
    expect([meta.trainCount, meta.testCount]).toEqual([8, 2]);
  });
});
