import onnxProto from 'onnx-proto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiService } from '../../src-main/services/api-service';
import { decodeTensor } from '../../src-main/engine/tensor-codec';
import { ROOT, runCli, tempDir, writeJson } from './cli-helpers';

const TEMPLATE = join(ROOT, 'resources', 'templates', 'obd-mlp-784-300-100-10.json');

describe('layerlab run on the OBD template (2,000 MNIST images)', { timeout: 600_000 }, () => {
  it('prunes round by round to its target sparsity; the saved weights hold that fraction of zeros; the curve, scatter and sensitivity table are saved', async () => {
    const dir = tempDir();
    const template = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
    const sparsities = [0.5, 0.8, 0.9];
    template.config.epochs = 2;
    template.procedure.params = { ...template.procedure.params, sparsities, retrainEpochs: 1, hessianExamples: 500, saliencySamples: 50 };
    const result = await runCli(['run', writeJson(dir, 'obd.json', template), '--train-limit', '2000', '--test-limit', '1000', '--data-dir', dir]);
    expect(result.code, result.stderr).toBe(0);
    const count = 2 + 2 * sparsities.length + 1;
    expect(result.stderr).toMatch(new RegExp(`stage 1/${count} Training by backprop: completed in [\\d.]+ s \\(2 epochs\\)`));
    expect(result.stderr).toMatch(new RegExp(`stage 2/${count} Predicted against actual saliency; per-layer sensitivity: completed`));
    expect(result.stderr).toMatch(new RegExp(`stage ${count - 2}/${count} Deleting weights saliency \\(OBD\\) to 90%: completed`));
    expect(result.stderr).toMatch(new RegExp(`stage ${count - 1}/${count} Retraining at 90% deleted: completed in [\\d.]+ s \\(1 epoch\\)`));
    expect(result.stdout).toMatch(/fraction of kernel weights deleted: 0\.9/);

    const api = createApiService({ dataDir: dir });
    try {
      const [run] = await api.handle('runs.list', {});
      const detail = await api.handle('runs.get', { runId: run.id });
      expect(detail.procedure?.kind).toBe('obd');
      expect(detail.stages.map((stage) => stage.status)).toEqual(Array(count).fill('completed'));

      const weightsInfo = detail.artifacts.find((artifact) => artifact.name === 'weights.json')!;
      const weights = JSON.parse(readFileSync(join(dir, weightsInfo.path), 'utf8'));
      const kernels = ['fc1', 'fc2', 'fc3'].map((id) => decodeTensor(weights.weights[id].kernel) as Float32Array);
      const total = kernels.reduce((sum, kernel) => sum + kernel.length, 0);
      expect(total).toBe(784 * 300 + 300 * 100 + 100 * 10);
      const zeros = kernels.reduce((sum, kernel) => sum + kernel.filter((value) => value === 0).length, 0);
      expect(zeros).toBe(Math.round(0.9 * total));
      // Biases are not pruned.
      expect((decodeTensor(weights.weights.fc1.bias) as Float32Array).some((value) => value !== 0)).toBe(true);
      // The masks say which: every zero of the kernels is a deleted weight.
      const mask = decodeTensor(weights.masks.fc1.kernel) as Float32Array;
      expect(kernels[0].every((value, i) => mask[i] === 1 || value === 0)).toBe(true);

      // The ONNX export holds the same zeros.
      const onnx = join(dir, 'obd.onnx');
      const exported = await runCli(['export', run.id, '--format', 'onnx', '--out', onnx, '--data-dir', dir]);
      expect(exported.code, exported.stderr).toBe(0);
      const initializer = onnxProto.onnx.ModelProto.decode(readFileSync(onnx)).graph!.initializer!.find((tensor) => tensor.name === 'fc1_kernel')!;
      const raw = initializer.rawData!;
      // (a deleted weight may be −0 in weights.json, w·0; the exporter writes +0)
      const plain = (values: Float32Array) => Array.from(values, (value) => (value === 0 ? 0 : value));
      expect(plain(new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)))).toEqual(plain(kernels[0]));

      const byName = Object.fromEntries(detail.artifacts.map((artifact) => [artifact.name, artifact]));
      const curve = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['error-vs-sparsity.json'].id });
      if (curve.kind !== 'curve') throw new Error('expected a curve');
      const test = curve.series.find((series) => series.name === 'test')!;
      expect(test.x.map((x) => Math.round(x * 1000) / 1000)).toEqual([0, ...sparsities]);
      // 2,000 images, 2 epochs: well below chance (90%), and still a classifier at 90% deleted after retraining.
      expect(test.y[0], JSON.stringify(test.y)).toBeLessThan(0.2);
      expect(test.y[sparsities.length], JSON.stringify(test.y)).toBeLessThan(0.5);
      const metrics = await api.handle('runs.metrics', { runId: run.id });
      expect(metrics['obd/test_error_rate'].map((point) => point.value)).toEqual(test.y);

      const scatter = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['saliency-vs-actual.json'].id });
      if (scatter.kind !== 'scatter') throw new Error('expected a scatter');
      expect(scatter.x).toHaveLength(50);
      expect(scatter.classNames).toEqual(['fc1', 'fc2', 'fc3']);
      // The prediction ranks the actual increases: the largest predicted saliencies cost more than the smallest.
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      expect(mean(scatter.y.slice(-10))).toBeGreaterThan(mean(scatter.y.slice(0, 10)));

      const table = await api.handle('runs.artifact', { runId: run.id, artifactId: byName['layer-sensitivity.json'].id });
      if (table.kind !== 'table') throw new Error('expected a table');
      expect(table.rows).toHaveLength(3 * 5);
      expect(table.rows.map((row) => row[0])).toEqual(['fc1', 'fc1', 'fc1', 'fc1', 'fc1', 'fc2', 'fc2', 'fc2', 'fc2', 'fc2', 'fc3', 'fc3', 'fc3', 'fc3', 'fc3']);
    } finally {
      await api.close();
    }
  });
});
