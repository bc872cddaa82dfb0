import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src-shared/network/types';
import { initBackend } from '../../src-main/engine/backend';
import { loadDataset } from '../../src-main/engine/data';
import { readPredictions } from '../../src-main/engine/predictions';
import { createApiService } from '../../src-main/services/api-service';
import { finished, rejection } from './api-helpers';
import { tempDir } from './cli-helpers';

const dataDir = tempDir('layerlab-export-api-');
const api = createApiService({ dataDir, maxParallel: 1 });
afterAll(() => api.close());
beforeAll(async () => {
  await initBackend();
});

const TEST_LIMIT = 300;
const spec: ModelSpec = {
  format: 1,
  name: 'dropout mlp',
  nodes: [
    { id: 'in', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'flat', kind: 'flatten', params: {} },
    { id: 'h1', kind: 'dense', params: { units: 32, activation: 'relu' } },
    { id: 'drop', kind: 'dropout', params: { rate: 0.5 } },
    { id: 'out', kind: 'dense', params: { units: 10, activation: 'softmax' } },
  ],
  edges: [
    { from: 'in', to: 'flat' },
    { from: 'flat', to: 'h1' },
    { from: 'h1', to: 'drop' },
    { from: 'drop', to: 'out' },
  ],
};

function argmaxRows(values: Float32Array, width: number): number[] {
  return Array.from({ length: values.length / width }, (_, row) => {
    let best = 0;
    for (let j = 1; j < width; j++) if (values[row * width + j] > values[row * width + best]) best = j;
    return best;
  });
}

describe('runs.export', { timeout: 300_000 }, () => {
  let runId = '';
  let stored: number[] = [];
  let raw: Float32Array;

  beforeAll(async () => {
    ({ runId } = await api.handle('runs.start', { spec, config: { epochs: 1, seed: 2, preprocessing: 'standardise' }, dataset: { name: 'mnist', trainLimit: 500, testLimit: TEST_LIMIT } }));
    expect(await finished(api, runId)).toBe('completed');
    const detail = await api.handle('runs.get', { runId });
    stored = Array.from(readPredictions(join(dataDir, detail.artifacts.find((a) => a.kind === 'predictions')!.path), TEST_LIMIT));
    raw = loadDataset({ name: 'mnist', trainLimit: 1, testLimit: TEST_LIMIT }, dataDir).test.x;
  });

  it('onnx: one .onnx file that onnxruntime-node runs on raw test images to the stored predictions', async () => {
    const file = await api.handle('runs.export', { runId, format: 'onnx' });
    expect(file).toMatchObject({ mediaType: 'application/octet-stream' });
    expect(file.filename).toBe(`dropout-mlp-mnist-seed-2-${runId.slice(0, 8)}-onnx.onnx`);
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.length).toBe(file.bytes);
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({ input: new ort.Tensor('float32', raw, [TEST_LIMIT, 28, 28, 1]) });
    expect(argmaxRows(result.output.data as Float32Array, 10)).toEqual(stored);
  });

  it('tfjs: a zip of model.json and weights.bin that loadLayersModel loads and that predicts the stored classes', async () => {
    const file = await api.handle('runs.export', { runId, format: 'tfjs' });
    expect(file).toMatchObject({ mediaType: 'application/zip' });
    const files = unzipSync(Buffer.from(file.base64, 'base64'));
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
    const fetchFunc = (async (url: string) => new Response(files[url.replace(/^exported\//, '')])) as typeof fetch;
    const model = await tfl.loadLayersModel(tf.io.http('exported/model.json', { fetchFunc }));
    const output = model.predict(tf.tensor(raw, [TEST_LIMIT, 28, 28, 1])) as tf.Tensor;
    expect(argmaxRows(output.dataSync() as Float32Array, 10)).toEqual(stored);
    model.dispose();
  });

  it('record and metrics: the run record as JSON and every metric point as CSV', async () => {
    const record = JSON.parse(Buffer.from((await api.handle('runs.export', { runId, format: 'record' })).base64, 'base64').toString('utf8'));
    expect(record.run).toMatchObject({ id: runId, status: 'completed' });
    expect(record.spec.nodes).toHaveLength(5);
    const metrics = await api.handle('runs.metrics', { runId });
    expect(record.metrics).toEqual(metrics);
    const csv = await api.handle('runs.export', { runId, format: 'metrics' });
    expect(csv.mediaType).toBe('text/csv');
    const rows = parse(Buffer.from(csv.base64, 'base64').toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(Object.values(metrics).reduce((total, series) => total + series.length, 0));
    const loss = rows.filter((row) => row.key === 'train/loss');
    expect(loss.map((row) => Number(row.value))).toEqual(metrics['train/loss'].map((point) => point.value));
  });

  it('an unknown format or run is refused, naming it', async () => {
    const badFormat = await rejection(api.handle('runs.export', { runId, format: 'caffe' as 'onnx' }));
    expect(badFormat.code).toBe('bad-request');
    expect(badFormat.message).toMatch(/format/);
    const unknown = await rejection(api.handle('runs.export', { runId: 'no-such-run', format: 'onnx' }));
    expect(unknown.code).toBe('not-found');
  });
});
