import { describe, expect, it } from 'vitest';
import { importDataset, loadImportedRaw } from '../../../src-main/services/datasets';
import { tempDirs } from './helpers';

// 24 rows, 13 stations: more distinct values than half the rows, so the import alone leaves "station" out.
const csv = ['station,cylinders,rain,label', ...Array.from({ length: 24 }, (_, i) => `s${i % 13},${4 + 2 * (i % 3)},${(i * 1.7) % 9},${i % 3 === 0 ? 'wet' : 'dry'}`)].join('\n');

describe('column roles chosen by hand (issue 18, item 11)', () => {
  it('makes a column the import left out categorical, a numeric one categorical, and leaves another out', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('stations.csv', csv);
    const auto = await importDataset({ files: [file], name: 'auto', dataDir, testSplit: 0 });
    expect(auto.columns!.map((c) => c.kind)).toEqual(['ignored', 'numeric', 'numeric', 'target']);

    const meta = await importDataset({ files: [file], name: 'chosen', dataDir, testSplit: 0, roles: { station: 'categorical', cylinders: 'categorical', rain: 'ignored' } });
    expect(meta.columns!.map((c) => c.kind)).toEqual(['categorical', 'categorical', 'ignored', 'target']);
    expect(meta.columns![1].categories).toEqual(['4', '6', '8']);
    expect(meta.columns![2].reason).toBe('left out by hand');
    expect(meta.inputShape).toEqual([13 + 3]);
    // Row 0: station s0, 4 cylinders → one-hot at s0 and at cylinders=4.
    const raw = loadImportedRaw(dataDir, 'chosen', {});
    const stationOf = meta.columns![0].categories!;
    for (let i = 0; i < raw.train.count; i++) {
      const row = [...raw.train.x.subarray(i * 16, (i + 1) * 16)];
      expect(row.reduce((a, b) => a + b, 0)).toBe(2);
      expect(stationOf[row.slice(0, 13).indexOf(1)]).toMatch(/^s\d+$/);
    }
  });

  it('refuses a role that cannot hold, naming the column and what to do', async () => {
    const { dataDir, write } = tempDirs();
    const file = write('stations.csv', csv);
    await expect(importDataset({ files: [file], name: 'a', dataDir, roles: { station: 'numeric' } })).rejects.toThrow(/column 1 "station".*"s0" is not a number.*make it categorical or leave it out/);
    await expect(importDataset({ files: [file], name: 'b', dataDir, roles: { stations: 'ignored' } })).rejects.toThrow(/no such column; the columns are "station"/);
    await expect(importDataset({ files: [file], name: 'c', dataDir, target: 'label', roles: { label: 'ignored' } })).rejects.toThrow(/"label" is the target/);
  });
});
