import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { pytorchExport } from '../../../src-main/export/python/pytorch-script';
import { kerasExport } from '../../../src-main/export/python/keras-script';
import { npyBytes } from '../../../src-main/export/python/npz';
import { writeExportFiles } from '../../../src-main/export/write-export';
import type { ExportNetwork } from '../../../src-main/export/network';
import { useTrainerBackend } from '../engine/helpers';
import { layerLabPredict, maxAbsDifference, perFeatureScaling, randomInputs, randomNetwork } from './network-fixture';
import { findTorchPython, runPytorchScript } from './python-runner';
import { everyKindSpec, mlpSpec } from './specs';

beforeAll(useTrainerBackend);
const found = findTorchPython();
if ('reason' in found) console.log(`skipping the PyTorch export tests: ${found.reason}`);

function predictTorch(python: string, network: ExportNetwork, raw: Float32Array, count: number): Float32Array {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-pytorch-'));
  writeExportFiles(pytorchExport(network), dir);
  return runPytorchScript(python, dir, raw, [count, ...network.analysis.nodes.get(network.analysis.inputId!)!.outputShape!]);
}

describe('PyTorch export', () => {
  it('writes a readable script: one module per weighted layer, the preprocessing first, the weights loaded from weights.npz', () => {
    const files = pytorchExport(randomNetwork(mlpSpec, 1, perFeatureScaling(2, 2)));
    expect(files.files.map((file) => file.name)).toEqual(['model.py', 'weights.npz']);
    const script = new TextDecoder().decode(files.files[0].data);
    expect(script).toContain('self.h1 = nn.Linear(2, 8, bias=True)');
    expect(script).toContain('self.drop = nn.Dropout(0.5)');
    expect(script).toContain('x = (x - self.offset) * self.scale');
    expect(script).toContain('softmax = F.softmax(out, dim=-1)');
  });

  it.skipIf('reason' in found)('an MLP with per-feature preprocessing and dropout predicts in PyTorch what LayerLab predicts', () => {
    const network = randomNetwork(mlpSpec, 1, perFeatureScaling(2, 2), 1);
    const raw = randomInputs(network, 32, 3, [-3, 3]);
    expect(maxAbsDifference(predictTorch((found as { python: string }).python, network, raw, 32), layerLabPredict(network, raw, 32))).toBeLessThan(1e-5);
  });

  it.skipIf('reason' in found)("every layer kind on a branching graph ('same' pools and convolutions, concatenation, reshape) predicts the same", () => {
    const network = randomNetwork(everyKindSpec, 4, perFeatureScaling(128, 5));
    const raw = randomInputs(network, 8, 6, [0, 255]);
    expect(maxAbsDifference(predictTorch((found as { python: string }).python, network, raw, 8), layerLabPredict(network, raw, 8))).toBeLessThan(1e-5);
  });
});


describe('.npy and .npz', () => {
  it('a .npy header is the magic, version 1.0, its length, and a dict padded so the data starts at a multiple of 64', () => {
    const bytes = npyBytes({ shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(Array.from(new Float32Array(bytes.slice(10 + headerLength).buffer))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => npyBytes({ shape: [4], values: new Float32Array(3) })).toThrow('an array of shape (4) holds 4 values, not 3');
  });

  it('weights.npz holds each weight under <layer>.<weight> in LayerLab\'s layout and the preprocessing shaped as an input', () => {
    const network = randomNetwork(mlpSpec, 1, perFeatureScaling(2, 2));
    const entries = unzipSync(pytorchExport(network).files[1].data);
    expect(Object.keys(entries).sort()).toEqual(['h1.bias.npy', 'h1.kernel.npy', 'h2.bias.npy', 'h2.kernel.npy', 'out.bias.npy', 'out.kernel.npy', 'preprocess.offset.npy', 'preprocess.scale.npy']);
    const header = new TextDecoder().decode(entries['h1.kernel.npy'].subarray(10, 80));
    expect(header).toContain("'shape': (2, 8)");
  });
});

describe('Keras export', () => {
  it('writes a functional Keras script with the layers named as the nodes, the preprocessing as a Lambda, set_weights from weights.npz', () => {
    const script = new TextDecoder().decode(kerasExport(randomNetwork(everyKindSpec, 1, perFeatureScaling(128, 2))).files[0].data);
    expect(script).toContain('inputs = keras.Input(shape=(8, 8, 2), name="in_2")');
    expect(script).toContain('x = layers.Lambda(lambda raw: (raw - offset) * scale, name="preprocess")(inputs)');
    expect(script).toContain('c1 = layers.Conv2D(3, 3, strides=2, padding="same", activation="relu", use_bias=True, name="c1")(x)');
    expect(script).toContain('cat_1 = layers.Concatenate(axis=-1, name="cat_1")([p1, t1])');
    expect(script).toContain('model.get_layer("c2").set_weights([weights["c2.kernel"]])');
    expect(script).toContain('model = keras.Model(inputs, out, name="layerlab_model")');
  });
});
