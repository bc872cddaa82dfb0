import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { onnxExport } from '../../../src-main/export/onnx/onnx-export';
import type { ExportNetwork } from '../../../src-main/export/network';
import { useTrainerBackend } from '../engine/helpers';
import { layerLabPredict, maxAbsDifference, perFeatureScaling, randomInputs, randomNetwork } from './network-fixture';
import { autoencoderSpec, everyKindSpec, mlpSpec } from './specs';

beforeAll(useTrainerBackend);

/** Runs the exported model in onnxruntime-node on raw inputs. */
async function predictOnnx(network: ExportNetwork, raw: Float32Array, count: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(onnxExport(network).files[0].data);
  const inputShape = network.analysis.nodes.get(network.analysis.inputId!)!.outputShape!;
  const result = await session.run({ input: new ort.Tensor('float32', raw, [count, ...inputShape]) });
  await session.release();
  return result.output.data as Float32Array;
}

const opTypes = (network: ExportNetwork) => onnxProto.onnx.ModelProto.decode(onnxExport(network).files[0].data).graph!.node!.map((node) => node.opType);

describe('ONNX export', () => {
  it('an MLP with per-feature preprocessing and dropout predicts what LayerLab predicts from raw inputs; no Dropout node', async () => {
    const network = randomNetwork(mlpSpec, 1, perFeatureScaling(2, 2), 1);
    const raw = randomInputs(network, 64, 3, [-3, 3]);
    expect(maxAbsDifference(await predictOnnx(network, raw, 64), layerLabPredict(network, raw, 64))).toBeLessThan(1e-5);
    const ops = opTypes(network);
    expect(ops.slice(0, 2)).toEqual(['Sub', 'Mul']);
    expect(ops).not.toContain('Dropout');
  });

  it('every layer kind on a branching graph, with per-pixel preprocessing of an image input, predicts the same', async () => {
    const network = randomNetwork(everyKindSpec, 4, perFeatureScaling(128, 5));
    const raw = randomInputs(network, 16, 6, [0, 255]);
    expect(maxAbsDifference(await predictOnnx(network, raw, 16), layerLabPredict(network, raw, 16))).toBeLessThan(1e-5);
  });

  it('an autoencoder with one offset and scale for every pixel, and a network without preprocessing, reconstruct the same', async () => {
    const scaled = randomNetwork(autoencoderSpec, 7, { offset: new Array(16).fill(0), scale: new Array(16).fill(1 / 255) });
    const raw = randomInputs(scaled, 8, 8, [0, 255]);
    expect(maxAbsDifference(await predictOnnx(scaled, raw, 8), layerLabPredict(scaled, raw, 8))).toBeLessThan(1e-5);
    const plain = randomNetwork(autoencoderSpec, 9);
    const unit = randomInputs(plain, 8, 10);
    expect(opTypes(plain)[0]).toBe('Flatten');
    expect(maxAbsDifference(await predictOnnx(plain, unit, 8), layerLabPredict(plain, unit, 8))).toBeLessThan(1e-5);
  });

  it('refuses a network with a kind it cannot write, naming the node and kind', () => {
    const network = randomNetwork(mlpSpec, 1);
    network.analysis.nodes.get('h2')!.kind = 'lstm';
    expect(() => onnxExport(network)).toThrow(/node "h2": layer kind "lstm" cannot be exported to ONNX/);
  });
});
