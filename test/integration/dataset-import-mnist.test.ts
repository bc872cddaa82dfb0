import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src-main/engine/data/registry';
import { importDataset } from '../../src-main/services/datasets';
import { layerlab, MNIST, runAndShow } from './dataset-import-helpers';

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) => join(MNIST, f));

const SMALL_MLP = {
  format: 1,
  name: 'mnist-small-mlp',
  nodes: [
    { id: 'input', kind: 'input', params: { shape: [28, 28, 1] }, position: { x: 0, y: 0 } },
    { id: 'flatten', kind: 'flatten', params: {}, position: { x: 0, y: 90 } },
    { id: 'hidden', kind: 'dense', params: { units: 32, activation: 'relu' }, position: { x: 0, y: 180 } },
    { id: 'drop', kind: 'dropout', params: { rate: 0.2 }, position: { x: 0, y: 270 } },
    { id: 'logits', kind: 'dense', params: { units: 10, activation: 'linear' }, position: { x: 0, y: 360 } },
    { id: 'softmax', kind: 'activation', params: { fn: 'softmax' }, position: { x: 0, y: 450 } },
  ],
  edges: [
    { from: 'input', to: 'flatten' },
    { from: 'flatten', to: 'hidden' },
    { from: 'hidden', to: 'drop' },
    { from: 'drop', to: 'logits' },
    { from: 'logits', to: 'softmax' },
  ],
};

describe('MNIST imported from its own IDX files', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'layerlab-mnist-import-'));

  it('has the built-in MNIST fingerprint, in full and with the same limits', async () => {
    const meta = await importDataset({ files: MNIST_FILES, name: 'mnist-idx', dataDir });
    expect([meta.trainCount, meta.testCount, meta.inputShape]).toEqual([60000, 10000, [28, 28, 1]]);
    expect(meta.fingerprint).toBe(loadDataset({ name: 'mnist' }, dataDir).summary.fingerprint);
    for (const limits of [{ trainLimit: 1000, testLimit: 200 }, { trainLimit: 7 }]) {
      const builtIn = loadDataset({ name: 'mnist', ...limits }, dataDir).summary;
      const imported = loadDataset({ name: 'mnist-idx', ...limits }, dataDir).summary;
      expect(imported).toEqual({ ...builtIn, name: 'mnist-idx' });
    }
    // A different limit must give a different fingerprint, or the check above proves nothing.
    expect(loadDataset({ name: 'mnist-idx', trainLimit: 999, testLimit: 200 }, dataDir).summary.fingerprint).not.toBe(
      loadDataset({ name: 'mnist', trainLimit: 1000, testLimit: 200 }, dataDir).summary.fingerprint,
    );
  });

  it('trains to the same result as the built-in MNIST with the same seed (CLI)', () => {
    const spec = join(dataDir, 'spec.json');
    writeFileSync(spec, JSON.stringify(SMALL_MLP));
    const common = [spec, '--epochs', '1', '--batch', '50', '--seed', '7', '--train-limit', '1000', '--test-limit', '500'];
    const builtIn = runAndShow([...common, '--dataset', 'mnist'], dataDir);
    const imported = runAndShow([...common, '--dataset', 'mnist-idx'], dataDir);
    expect(builtIn.result.status).toBe('completed');
    expect(imported.detail.run.datasetFingerprint).toBe(builtIn.detail.run.datasetFingerprint);
    expect(imported.result.testErrors).toBe(builtIn.result.testErrors);
    expect(imported.result.finalLoss).toBe(builtIn.result.finalLoss);
    expect(layerlab(['dataset', 'list', '--data-dir', dataDir]).stdout).toMatch(/mnist-idx\s+classification\s+\[28,28,1\]\s+60000\s+10000\s+10/);
  });
});
