import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src-main/engine/data';
import { readPredictions } from '../../src-main/engine/predictions';
import { encodeTensor } from '../../src-main/engine/tensor-codec';
import { loadRunNetwork } from '../../src-main/export/run-network';
import { openRunStore } from '../../src-main/services/open-store';
import { lastJsonLine, ROOT, runCli, tempDir, writeJson } from './cli-helpers';

const TEST_LIMIT = 500;

function argmaxRows(values: Float32Array, width: number): number[] {
  return Array.from({ length: values.length / width }, (_, row) => {
    let best = 0;
    for (let j = 1; j < width; j++) if (values[row * width + j] > values[row * width + best]) best = j;
    return best;
  });
}

/** A pretrained procedure exports the network it fine-tuned; pruned (masked) weights export as zeros. */
describe('exporting a DBN run and a pruned network', { timeout: 300_000 }, () => {
  it('a DBN run (RBM pretraining, then backprop) exports to ONNX that predicts its stored test classes; masked weights come out as 0', async () => {
    const dir = tempDir();
    const dbn = JSON.parse(readFileSync(join(ROOT, 'resources', 'templates', 'dbn-784-500-500-2000-10.json'), 'utf8'));
    dbn.procedure.params = { ...dbn.procedure.params, rbmEpochs: 1, topOnlyEpochs: 0 };
    const trained = await runCli(['run', writeJson(dir, 'dbn.json', dbn), '--epochs', '1', '--train-limit', '500', '--test-limit', String(TEST_LIMIT), '--json', '--data-dir', dir]);
    expect(trained.code, trained.stderr).toBe(0);
    const { runId } = lastJsonLine<{ runId: string }>(trained.stdout);
    const out = join(dir, 'dbn.onnx');
    const exported = await runCli(['export', runId, '--format', 'onnx', '--out', out, '--data-dir', dir]);
    expect(exported.code, exported.stderr).toBe(0);

    const store = openRunStore(dir);
    const detail = store.getRun(runId)!;
    const stored = Array.from(readPredictions(join(dir, detail.artifacts.find((a) => a.kind === 'predictions')!.path), TEST_LIMIT));
    const { test } = loadDataset({ name: 'mnist', trainLimit: 1, testLimit: TEST_LIMIT }, dir);
    const predict = async (file: string) => {
      const session = await ort.InferenceSession.create(readFileSync(file));
      const result = await session.run({ input: new ort.Tensor('float32', test.x, [TEST_LIMIT, ...test.shape]) });
      await session.release();
      return result.output.data as Float32Array;
    };
    expect(argmaxRows(await predict(out), 10)).toEqual(stored);

    // Prune: a mask with every other weight of the first dense layer removed, as a pruning procedure records it.
    const weightsFile = join(dir, detail.artifacts.find((a) => a.kind === 'weights' && a.name === 'weights.json')!.path);
    const network = loadRunNetwork(store, runId);
    const firstDense = network.analysis.order.find((id) => network.analysis.nodes.get(id)!.kind === 'dense')!;
    const kernel = network.weights[firstDense].kernel;
    const mask = Float32Array.from(kernel.values, (_, i) => i % 2);
    const json = JSON.parse(readFileSync(weightsFile, 'utf8'));
    writeFileSync(weightsFile, JSON.stringify({ ...json, masks: { [firstDense]: { kernel: encodeTensor(mask, kernel.shape) } } }));
    const pruned = loadRunNetwork(store, runId).weights[firstDense].kernel.values;
    store.close();
    expect(pruned.filter((_, i) => i % 2 === 0).every((value) => value === 0)).toBe(true);
    expect(Array.from(pruned.filter((_, i) => i % 2 === 1))).toEqual(Array.from(kernel.values.filter((_, i) => i % 2 === 1)));
    const prunedOut = join(dir, 'pruned.onnx');
    expect((await runCli(['export', runId, '--format', 'onnx', '--out', prunedOut, '--data-dir', dir])).code).toBe(0);
    // The ONNX initializer of that kernel holds the zeros.
    const graph = onnxProto.onnx.ModelProto.decode(readFileSync(prunedOut)).graph!;
    const initializer = graph.initializer!.find((tensor) => tensor.name === `${firstDense}_kernel`)!;
    const raw = initializer.rawData!;
    const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    expect(Array.from(values)).toEqual(Array.from(pruned));
    const before = await predict(out);
    const after = await predict(prunedOut);
    expect(Array.from(after)).not.toEqual(Array.from(before));
  });
});
