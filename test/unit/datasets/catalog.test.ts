import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetUsageError, importDataset, importedDatasets, removeDataset, showDataset } from '../../../src-main/services/datasets';
import { datasetEntries, tempDirs } from './helpers';

describe('dataset catalog', () => {
  it('lists, shows and removes imported datasets', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('t.csv', 'a,y\n1,x\n2,z\n3,x\n');
    await importDataset({ files: [file], name: 'beta', dataDir, testSplit: 0 });
    await importDataset({ files: [file], name: 'alpha', dataDir, testSplit: 0 });
    expect(importedDatasets(dataDir).map((m) => m.name)).toEqual(['alpha', 'beta']);
    expect(showDataset(dataDir, 'beta').sources[0].file).toBe(file);
    removeDataset(dataDir, 'alpha');
    expect(existsSync(join(dataDir, 'datasets', 'alpha'))).toBe(false);
    expect(datasetEntries(dataDir)).toEqual(['beta']);
    expect(() => removeDataset(dataDir, 'alpha')).toThrow(/no imported dataset "alpha"/);
  });

  it('refuses a taken name, a built-in name and an unsafe name, leaving nothing behind', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('t.csv', 'a,y\n1,x\n2,z\n');
    await importDataset({ files: [file], name: 'taken', dataDir, testSplit: 0 });
    await expect(importDataset({ files: [file], name: 'taken', dataDir })).rejects.toThrow(/already exists/);
    await expect(importDataset({ files: [file], name: 'mnist', dataDir })).rejects.toThrow(DatasetUsageError);
    await expect(importDataset({ files: [file], name: '../escape', dataDir })).rejects.toThrow(/not allowed/);
    expect(datasetEntries(dataDir)).toEqual(['taken']);
  });
});
