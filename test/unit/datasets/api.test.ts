import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../../src-main/engine/data/idx';
import { ApiError } from '../../../src-main/services/api-service-types';
import { createDatasetHandlers, importedDatasets } from '../../../src-main/services/datasets';
import { datasetEntries, tempDirs, VEGA } from './helpers';

describe('dataset API handlers', () => {
  it('previews an uploaded table by dry run, then imports it on confirm', async () => {
    const { dataDir } = tempDirs();
    let changes = 0;
    const api = createDatasetHandlers(dataDir, () => changes++);
    const text = readFileSync(join(VEGA, 'seattle-weather.csv'), 'utf8');
    const params = { files: [{ filename: 'seattle-weather.csv', text }], name: 'weather', target: 'weather' };

    const dry = await api['datasets.import']({ ...params, dryRun: true });
    expect(importedDatasets(dataDir)).toEqual([]);
    expect(changes).toBe(0);
    expect(dry.preview.table!.rows).toHaveLength(10);
    expect(dry.preview.table!.rows[0]).toHaveLength(6);
    expect(dry.preview.histograms.map((h) => h.name)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    const weather = dry.preview.histograms.at(-1)!;
    expect(weather.labels).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(weather.counts).toEqual(dry.dataset.classCounts.train);
    const tempMax = dry.preview.histograms[1];
    expect(tempMax.counts.reduce((a, b) => a + b, 0)).toBe(dry.dataset.trainCount);
    expect([tempMax.min, tempMax.max]).toEqual([dry.dataset.features[1].min, dry.dataset.features[1].max]);

    const real = await api['datasets.import'](params);
    expect(real.dataset.fingerprint).toBe(dry.dataset.fingerprint);
    expect(changes).toBe(1);
    expect((await api['datasets.preview']({ name: 'weather' })).classCounts).toEqual(real.dataset.classCounts);
    await expect(api['datasets.import']({ ...params, dryRun: true })).rejects.toThrow(/already exists/);
  });

  it('accepts base64 IDX uploads and previews image samples with labels', async () => {
    const { dataDir } = tempDirs();
    const api = createDatasetHandlers(dataDir);
    const images = encodeIdx('ubyte', [3, 2, 2], [0, 255, 0, 255, 1, 2, 3, 4, 9, 9, 9, 9]);
    const labels = encodeIdx('ubyte', [3], [4, 0, 4]);
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const { preview } = await api['datasets.import']({
      files: [{ filename: 'train-images-idx3-ubyte', base64: b64(images) }, { filename: 'train-labels-idx1-ubyte', base64: b64(labels) }],
      name: 'tiny',
      testSplit: 0,
    });
    expect(preview.images!.shape).toEqual([2, 2, 1]);
    expect(preview.images!.range).toEqual([0, 255]);
    expect(preview.images!.samples.map((s) => s.label)).toEqual(['4', '0', '4']);
    expect(preview.images!.samples[0].values).toEqual([0, 255, 0, 255]);
    expect(preview.classCounts.train).toEqual([1, 0, 0, 0, 2]);
  });

  it('turns bad files into bad-request errors and unknown names into not-found, leaving nothing behind', async () => {
    const { dataDir } = tempDirs();
    const api = createDatasetHandlers(dataDir);
    const failure = await api['datasets.import']({ files: [{ filename: 'empty.csv', text: '' }], name: 'empty' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'bad-request', message: 'empty.csv, byte 0: the file is empty (0 bytes)' });
    expect(datasetEntries(dataDir)).toEqual([]);
    await expect(api['datasets.preview']({ name: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api['datasets.remove']({ name: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
