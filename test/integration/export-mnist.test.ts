import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src-main/engine/backend';
import { loadDataset } from '../../src-main/engine/data';
import { buildModel } from '../../src-main/engine/model';
import { readPredictions } from '../../src-main/engine/predictions';
import { loadRunNetwork } from '../../src-main/export/run-network';
import type { ExportNetwork } from '../../src-main/export/network';
import { openRunStore } from '../../src-main/services/open-store';
import { lastJsonLine, ROOT, runCli, tempDir } from './cli-helpers';
import { findTorchPython, runPytorchScript } from '../unit/export/python-runner';

beforeAll(async () => {
  await initBackend();
});

const TEST_COUNT = 10_000;
const PYTORCH_COUNT = 100;
const torch = findTorchPython();
if ('reason' in torch) console.log(`skipping the PyTorch script checks: ${torch.reason}`);
const BATCH = 1000;

/** LayerLab's engine on raw MNIST test images: the stored preprocessing, then the network in inference mode. */
function layerLabProbabilities(network: ExportNetwork, raw: Float32Array, shape: number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const scaling = network.preprocessing!;
  const x = Float32Array.from(raw, (value, i) => (value - scaling.offset[i % size]) * scaling.scale[i % size]);
  const model = buildModel(network.spec, { kind: 'glorot' }, 1);
  try {
    for (const { nodeId, def, variable } of model.weights) variable.assign(tf.tensor(network.weights[nodeId][def.name].values, def.shape));
    const out: Float32Array[] = [];
    for (let start = 0; start < raw.length / size; start += BATCH) {
      const batch = x.subarray(start * size, (start + BATCH) * size);
      out.push(tf.tidy(() => model.apply(tf.tensor(batch, [batch.length / size, ...shape]), { training: false }).dataSync() as Float32Array).slice());
    }
    return Float32Array.from(out.flatMap((part) => Array.from(part)));
  } finally {
    model.dispose();
  }
}

function argmax(values: Float32Array, row: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[row * width + j] > values[row * width + best]) best = j;
  return best;
}

/**
 * The acceptance checks: templates trained briefly, exported by the CLI; the ONNX model run in
 * onnxruntime-node on every MNIST test image, the PyTorch script (where Python has torch) on the first 100.
 */
describe('ONNX and PyTorch exports of trained MNIST templates', { timeout: 600_000 }, () => {
  for (const template of ['lenet5.json', 'mlp-dropout-784-800-800-10.json']) {
    it(`${template}: ONNX gives the stored argmax on all 10,000 test images and probabilities within 1e-4; the PyTorch script the same on 100`, async () => {
      const dataDir = tempDir();
      const trained = await runCli(['run', join(ROOT, 'resources', 'templates', template), '--epochs', '1', '--train-limit', '500', '--seed', '3', '--json', '--data-dir', dataDir]);
      expect(trained.code, trained.stderr).toBe(0);
      const { runId } = lastJsonLine<{ runId: string }>(trained.stdout);
      const out = join(dataDir, 'model.onnx');
      const exported = await runCli(['export', runId.slice(0, 8), '--format', 'onnx', '--out', out, '--data-dir', dataDir]);
      expect(exported.code, exported.stderr).toBe(0);

      const store = openRunStore(dataDir, { readOnly: true });
      const detail = store.getRun(runId)!;
      const network = loadRunNetwork(store, runId);
      store.close();
      const predictionsArtifact = detail.artifacts.find((artifact) => artifact.kind === 'predictions')!;
      const stored = readPredictions(join(dataDir, predictionsArtifact.path), TEST_COUNT);
      const { test } = loadDataset({ name: 'mnist', trainLimit: 1 }, dataDir);
      expect(test.count).toBe(TEST_COUNT);

      const session = await ort.InferenceSession.create(readFileSync(out));
      const probabilities = new Float32Array(TEST_COUNT * 10);
      const size = test.x.length / TEST_COUNT;
      for (let start = 0; start < TEST_COUNT; start += BATCH) {
        const batch = test.x.slice(start * size, (start + BATCH) * size);
        const result = await session.run({ input: new ort.Tensor('float32', batch, [BATCH, ...test.shape]) });
        probabilities.set(result.output.data as Float32Array, start * 10);
      }
      await session.release();

      let mismatches = 0;
      for (let i = 0; i < TEST_COUNT; i++) if (argmax(probabilities, i, 10) !== stored[i]) mismatches++;
      expect(mismatches).toBe(0);
      const expected = layerLabProbabilities(network, test.x, test.shape);
      let maxDifference = 0;
      for (let i = 0; i < expected.length; i++) maxDifference = Math.max(maxDifference, Math.abs(expected[i] - probabilities[i]));
      expect(maxDifference).toBeLessThan(1e-4);
      if ('python' in torch) {
        const dir = join(dataDir, 'pytorch');
        const pytorch = await runCli(['export', runId, '--format', 'pytorch', '--out', dir, '--data-dir', dataDir]);
        expect(pytorch.code, pytorch.stderr).toBe(0);
        const torchOut = runPytorchScript(torch.python, dir, test.x.slice(0, PYTORCH_COUNT * size), [PYTORCH_COUNT, ...test.shape]);
        for (let i = 0; i < PYTORCH_COUNT; i++) expect(argmax(torchOut, i, 10), `test image ${i}`).toBe(stored[i]);
        let torchDifference = 0;
        for (let i = 0; i < torchOut.length; i++) torchDifference = Math.max(torchDifference, Math.abs(expected[i] - torchOut[i]));
        expect(torchDifference).toBeLessThan(1e-4);
      }
      // Trained, not chance (10%): 1 epoch on 500 digits already gets well above it.
      let correct = 0;
      for (let i = 0; i < TEST_COUNT; i++) if (stored[i] === test.y[i]) correct++;
      expect(correct / TEST_COUNT).toBeGreaterThan(0.2);
    });
  }
});
