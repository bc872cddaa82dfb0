import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tfjsExport } from '../../../src-main/export/tfjs/tfjs-export';
import { writeExportFiles } from '../../../src-main/export/write-export';
import type { ExportNetwork } from '../../../src-main/export/network';
import { useTrainerBackend } from '../engine/helpers';
import { layerLabPredict, maxAbsDifference, perFeatureScaling, randomInputs, randomNetwork } from './network-fixture';
import { autoencoderSpec, everyKindSpec, mlpSpec } from './specs';

beforeAll(useTrainerBackend);

/** Loads an exported model.json the way a web page does (tf.io.http), its files read from disk. */
async function loadExported(dir: string): Promise<tfl.LayersModel> {
  const fetchFunc = (async (url: string) => new Response(readFileSync(join(dir, url.replace(/^exported\//, ''))))) as typeof fetch;
  return tfl.loadLayersModel(tf.io.http('exported/model.json', { fetchFunc }));
}

async function predictExported(network: ExportNetwork, raw: Float32Array, count: number): Promise<Float32Array> {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-tfjs-'));
  writeExportFiles(tfjsExport(network), dir);
  const model = await loadExported(dir);
  const inputShape = network.analysis.nodes.get(network.analysis.inputId!)!.outputShape!;
  const output = model.predict(tf.tensor(raw, [count, ...inputShape])) as tf.Tensor;
  const values = output.dataSync() as Float32Array;
  model.dispose();
  return values;
}

describe('TF.js Layers export', () => {
  it('an MLP with per-feature preprocessing and dropout predicts what LayerLab predicts from raw inputs', async () => {
    const network = randomNetwork(mlpSpec, 1, perFeatureScaling(2, 2), 1);
    const raw = randomInputs(network, 64, 3, [-3, 3]);
    expect(maxAbsDifference(await predictExported(network, raw, 64), layerLabPredict(network, raw, 64))).toBeLessThan(1e-5);
  });

  it('every layer kind on a branching graph, with per-pixel preprocessing of an image input, predicts the same', async () => {
    const network = randomNetwork(everyKindSpec, 4, perFeatureScaling(128, 5));
    const raw = randomInputs(network, 16, 6, [0, 255]);
    const expected = layerLabPredict(network, raw, 16);
    expect(maxAbsDifference(await predictExported(network, raw, 16), expected)).toBeLessThan(1e-5);
  });

  it('an autoencoder with one offset and scale for every pixel reconstructs the same (one Rescaling layer)', async () => {
    const network = randomNetwork(autoencoderSpec, 7, { offset: new Array(16).fill(0), scale: new Array(16).fill(1 / 255) });
    const raw = randomInputs(network, 8, 8, [0, 255]);
    const model = JSON.parse(new TextDecoder().decode(tfjsExport(network).files[0].data));
    expect(model.modelTopology.config.layers.map((layer: { class_name: string }) => layer.class_name)).toEqual(['InputLayer', 'Rescaling', 'Flatten', 'Dense', 'Dense']);
    expect(maxAbsDifference(await predictExported(network, raw, 8), layerLabPredict(network, raw, 8))).toBeLessThan(1e-5);
  });
});
