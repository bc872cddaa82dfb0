import { describe, expect, it } from 'vitest';
import { tempDirs } from '../unit/datasets/helpers';
import { layerlab } from './dataset-import-helpers';

const csv = ['station,rain,label', ...Array.from({ length: 24 }, (_, i) => `s${i % 13},${(i * 1.7) % 9},${i % 3 === 0 ? 'wet' : 'dry'}`)].join('\n');

describe('layerlab dataset import --column NAME=ROLE (issue 18, item 11)', () => {
  it('makes the column the import would leave out categorical, and names a bad flag', () => {
    const { dataDir, write } = tempDirs();
    const file = write('stations.csv', csv);
    const imported = layerlab(['dataset', 'import', file, '--name', 'stations', '--column', 'station=categorical', '--data-dir', dataDir, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const meta = JSON.parse(imported.stdout) as { inputShape: number[]; columns: { name: string; kind: string }[] };
    expect(meta.columns.map((c) => c.kind)).toEqual(['categorical', 'numeric', 'target']);
    expect(meta.inputShape).toEqual([14]);

    const bad = layerlab(['dataset', 'import', file, '--name', 'other', '--column', 'station=category', '--data-dir', dataDir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--column station=category: expected NAME=numeric|categorical|ignored');
  });
});
