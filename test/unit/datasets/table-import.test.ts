import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset, loadImportedRaw, showDataset } from '../../../src-main/services/datasets';
import { fingerprintStored } from '../../../src-main/engine/data/imported-load';
import { datasetDir } from '../../../src-main/engine/data/imported-meta';
import { tempDirs, VEGA } from './helpers';

describe('CSV import', () => {
  it('detects a header, one-hot encodes categories and maps string labels to classes', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('pets.csv', 'weight,colour,kind\n4,black,cat\n30,brown,dog\n5,white,cat\n25,black,dog\n');
    const meta = await importDataset({ files: [file], name: 'pets', dataDir, testSplit: 0 });
    expect(meta.task).toBe('classification');
    expect(meta.target).toBe('kind');
    expect(meta.classNames).toEqual(['cat', 'dog']);
    expect(meta.inputShape).toEqual([4]);
    expect(meta.features.map((f) => f.name)).toEqual(['weight', 'colour=black', 'colour=brown', 'colour=white']);
    const colour = meta.columns!.find((c) => c.name === 'colour')!;
    expect(colour).toMatchObject({ kind: 'categorical', categories: ['black', 'brown', 'white'], featureStart: 1 });
    const raw = loadImportedRaw(dataDir, 'pets', {});
    const rows = Array.from({ length: 4 }, (_, i) => [...raw.train.x.subarray(i * 4, i * 4 + 4)].concat(raw.train.y[i]));
    expect(rows.sort((a, b) => a[0] - b[0])).toEqual([
      [4, 1, 0, 0, 0],
      [5, 0, 0, 1, 0],
      [25, 1, 0, 0, 1],
      [30, 0, 1, 0, 1],
    ]);
    expect(meta.features[0]).toMatchObject({ min: 4, max: 30, mean: 16 });
  });

  it('reads a file without a header, naming columns by position', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('plain.csv', '1,2,0.5\n3,4,1.5\n5,6,2.5\n');
    const meta = await importDataset({ files: [file], name: 'plain', dataDir, testSplit: 0 });
    expect(meta.trainCount).toBe(3);
    expect(meta.task).toBe('regression');
    expect(meta.target).toBe('column 3');
    expect(meta.targetStats!.mean).toBeCloseTo(1.5);
  });

  it('reads TSV and semicolon-separated files with quoted fields', async () => {
    const { dataDir, write } = tempDirs();
    const tsv = write('t.tsv', 'a\tb\tlabel\n1\t2\t"x, y"\n3\t4\tz\n');
    expect((await importDataset({ files: [tsv], name: 'tsv', dataDir, testSplit: 0 })).classNames).toEqual(['x, y', 'z']);
    const semi = write('s.csv', 'a;b;label\n1.5;2;x\n3;4;z\n');
    const meta = await importDataset({ files: [semi], name: 'semi', dataDir, testSplit: 0 });
    expect(meta.features.map((f) => [f.name, f.min, f.max])).toEqual([['a', 1.5, 3], ['b', 2, 4]]);
  });

  it('reports missing cells by line and column, and drops their rows when asked', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('gaps.csv', 'a,b,y\n1,2,3\n4,NA,6\n7,8,9\n,11,12\n');
    await expect(importDataset({ files: [file], name: 'gaps', dataDir })).rejects.toThrow(/line 3, column 2 "b".*2 missing values in 2 rows \(line 3 "b", line 5 "a"\)/);
    const meta = await importDataset({ files: [file], name: 'gaps', dataDir, dropMissing: true, testSplit: 0 });
    expect([meta.trainCount, meta.droppedRows]).toEqual([2, 2]);
    expect(meta.columns!.map((c) => c.missing)).toEqual([1, 1, 0]);
  });

  it('leaves identifier-like text columns out and says why', async () => {
    const { dataDir, write } = tempDirs();
    const rows = Array.from({ length: 30 }, (_, i) => `id${i},${i},${i % 3}`);
    const file = write('ids.csv', `id,x,y\n${rows.join('\n')}\n`);
    const meta = await importDataset({ files: [file], name: 'ids', dataDir, task: 'classification' });
    expect(meta.columns![0]).toMatchObject({ kind: 'ignored' });
    expect(meta.columns![0].reason).toMatch(/30 distinct values/);
    expect(meta.classNames).toEqual(['0', '1', '2']);
    expect(meta.trainCount + meta.testCount).toBe(30);
    expect(meta.testCount).toBe(6);
  });
});

describe('large table import', () => {
  // More rows than one block of the profile's cell store (65536), with dropped rows and a test split.
  const lines = ['x,colour,n,label'];
  for (let i = 0; i < 70_000; i++) lines.push(`${i % 9 === 4 ? 'NA' : i},${['red', 'blue', 'green'][i % 3]},${(i % 1000) / 8},c${i % 4}`);

  it('writes every kept row once with its own values, fingerprinted as the engine reads the files back', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('big.csv', `${lines.join('\n')}\n`);
    const meta = await importDataset({ files: [file], name: 'big', dataDir, dropMissing: true });
    expect(meta.droppedRows).toBe(7778);
    expect(meta.fingerprint).toBe(fingerprintStored(datasetDir(dataDir, 'big'), meta));
    const raw = loadImportedRaw(dataDir, 'big', {});
    const seen = new Set<number>();
    for (const split of [raw.train, raw.test]) {
      for (let r = 0; r < split.count; r++) {
        const [i, blue, green, red, n] = split.x.subarray(r * 5, r * 5 + 5);
        seen.add(i);
        expect([blue, green, red, n, split.y[r]]).toEqual([Number(i % 3 === 1), Number(i % 3 === 2), Number(i % 3 === 0), (i % 1000) / 8, i % 4]);
      }
    }
    expect(seen.size).toBe(70_000 - 7778);
    expect(seen.has(69_999)).toBe(true);
  });

  it('fingerprints a regression target as the engine reads it back', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('big.csv', `${lines.join('\n')}\n`);
    const meta = await importDataset({ files: [file], name: 'reg', dataDir, target: 'n', dropMissing: true, testSplit: 0.3 });
    expect(meta.task).toBe('regression');
    expect(meta.fingerprint).toBe(fingerprintStored(datasetDir(dataDir, 'reg'), meta));
  });
});

describe('JSON record import', () => {
  it('imports vega-datasets cars.json as a regression on Miles_per_Gallon', async () => {
    const { dataDir } = tempDirs();
    const meta = await importDataset({ files: [join(VEGA, 'cars.json')], name: 'cars', target: 'Miles_per_Gallon', dropMissing: true, dataDir });
    expect(meta.task).toBe('regression');
    expect(meta.droppedRows).toBe(14);
    expect(meta.trainCount + meta.testCount).toBe(406 - 14);
    expect(meta.columns!.find((c) => c.name === 'Origin')!.categories).toEqual(['Europe', 'Japan', 'USA']);
    expect(meta.columns!.find((c) => c.name === 'Name')!.kind).toBe('ignored');
    expect(meta.targetStats!.min).toBeGreaterThan(5);
    expect(meta.targetStats!.max).toBeLessThan(50);
    expect(showDataset(dataDir, 'cars').fingerprint).toBe(meta.fingerprint);
  });

  it('imports seattle-weather.csv as a 5-class classification of the weather column', async () => {
    const { dataDir } = tempDirs();
    const meta = await importDataset({ files: [join(VEGA, 'seattle-weather.csv')], name: 'weather', target: 'weather', dataDir });
    expect(meta.classNames).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(meta.columns!.find((c) => c.name === 'date')!.kind).toBe('ignored');
    expect(meta.inputShape).toEqual([4]);
    const total = [...meta.classCounts.train, ...meta.classCounts.test].reduce((a, b) => a + b, 0);
    expect(total).toBe(1461);
  });

  it('treats null as missing and reads numbers given as text', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('r.json', JSON.stringify([{ a: '1', b: 2, y: 'p' }, { a: 3, b: null, y: 'q' }, { a: 5, b: 6, y: 'p' }]));
    await expect(importDataset({ files: [file], name: 'r', dataDir })).rejects.toThrow(/record 2, column 2 "b": missing value/);
    const meta = await importDataset({ files: [file], name: 'r', dataDir, dropMissing: true, testSplit: 0 });
    expect(meta.features.map((f) => [f.name, f.min, f.max])).toEqual([['a', 1, 5], ['b', 2, 6]]);
  });
});
