import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FromTrainer } from '../../../src-shared/api/trainer-protocol';
import { autoencoder, type AutoencoderParams } from '../../../src-shared/procedures/autoencoder';
import { RBM_METRIC } from '../../../src-shared/procedures/rbm';
import { initBackend } from '../../../src-main/engine/backend';
import type { DataSplit } from '../../../src-main/engine/data';
import { buildModel } from '../../../src-main/engine/model';
import { ArtifactWriter, StageTracker, type ProcedureContext } from '../../../src-main/engine/procedures';
import { unrollInto } from '../../../src-main/engine/procedures/autoencoder';
import { pretrainStack } from '../../../src-main/engine/procedures/rbm-stack';
import { createRng } from '../../../src-main/engine/rng';
import { chainSpec, config } from './helpers';

/** 4×4 binary images: a bar plus noise, labelled by its orientation. */
function split(count: number, seed: number): DataSplit {
  const rng = createRng(seed);
  const x = new Float32Array(count * 16);
  const y = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const line = rng.int(4);
    y[n] = rng.int(2);
    for (let i = 0; i < 16; i++) x[n * 16 + i] = (rng.uniform() < 0.05) !== (y[n] ? i % 4 === line : Math.floor(i / 4) === line) ? 1 : 0;
  }
  return { x, y, count, shape: [4, 4, 1] };
}

describe('RBM stack pretraining', () => {
  beforeAll(async () => {
    await initBackend({ maxThreads: 1 });
  });

  it('trains one stage per RBM, stamps each stage’s points with its index, and the unrolled decoder starts as the encoder’s transposes', async () => {
    const spec = chainSpec([
      { id: 'in', kind: 'input', params: { shape: [4, 4, 1] } },
      { id: 'flat', kind: 'flatten' },
      { id: 'e1', kind: 'dense', params: { units: 12, activation: 'sigmoid' } },
      { id: 'code', kind: 'dense', params: { units: 3, activation: 'linear' } },
      { id: 'd1', kind: 'dense', params: { units: 12, activation: 'sigmoid' } },
      { id: 'out', kind: 'dense', params: { units: 16, activation: 'sigmoid' } },
    ]);
    const runConfig = config({ epochs: 1, batchSize: 20, seed: 3 });
    const model = buildModel(spec, runConfig.init, runConfig.seed);
    const params = autoencoder.params.parse({ encoderLayers: 2, rbmEpochs: 3, rbmBatchSize: 20 }) as AutoencoderParams;
    const messages: FromTrainer[] = [];
    const send = (message: FromTrainer) => messages.push(message);
    const train = split(200, 1);
    const context = {
      job: { runId: 'r1', dataDir: mkdtempSync(join(tmpdir(), 'rbm-stack-')) },
      config: runConfig,
      model,
      splits: { train, val: { ...train, count: 0, x: new Float32Array(0), y: new Int32Array(0) }, test: split(50, 2) },
      started: performance.now(),
      stages: new StageTracker('r1', autoencoder.stages(params, runConfig), send),
      send,
      flushMs: 0,
      resumeStage: 0,
      stageCheckpoint: () => {},
    } as unknown as ProcedureContext;
    context.artifacts = new ArtifactWriter('r1', context.job.dataDir, send);
    const dense = ['e1', 'code', 'd1', 'out'];
    const before = model.nodeWeights('e1')!.kernel.dataSync().slice();
    const finished = await pretrainStack(
      context,
      params,
      [
        { nodeId: 'e1', hidden: 'binary', learningRate: 0.1 },
        { nodeId: 'code', hidden: 'gaussian', learningRate: 0.001 },
      ],
      (index, rbm) => {
        unrollInto(model, dense, index, rbm);
        // The visible biases of the first RBM learn the pixels' base rates: the decoder's output bias must not stay 0.
        if (index === 0) expect(Math.max(...Array.from(rbm.visibleBias.dataSync(), Math.abs))).toBeGreaterThan(0.1);
      },
    );
    expect(finished).toBeNull();

    // Encoder: the RBMs' W and hidden biases; decoder: their transposes and visible biases.
    expect(model.nodeWeights('e1')!.kernel.dataSync()).not.toEqual(before);
    for (const [encoder, decoder] of [
      ['e1', 'out'],
      ['code', 'd1'],
    ]) {
      const transposed = tf.tidy(() => tf.transpose(model.nodeWeights(encoder)!.kernel).dataSync());
      expect(Array.from(model.nodeWeights(decoder)!.kernel.dataSync())).toEqual(Array.from(transposed));
    }
    expect(Array.from(model.nodeWeights('out')!.bias.dataSync()).some((value) => value !== 0)).toBe(true);

    const stageEvents = messages.filter((message) => message.type === 'stage').map((message) => message.type === 'stage' && `${message.index}:${message.event}`);
    expect(stageEvents).toEqual(['0:begin', '0:end', '1:begin', '1:end']);
    const points = messages.flatMap((message) => (message.type === 'metrics' ? message.points : []));
    const epochErrors = points.filter((point) => point.key === RBM_METRIC.reconstruction);
    expect(epochErrors.map((point) => [point.stage ?? 0, point.epoch])).toEqual([
      [0, 1], [0, 2], [0, 3],
      [1, 1], [1, 2], [1, 3],
    ]);
    // CD-1 lowers the first RBM's reconstruction error; the free-energy gap is measured against the test rows.
    expect(epochErrors[2].value).toBeLessThan(epochErrors[0].value);
    expect(points.some((point) => point.key === RBM_METRIC.freeEnergyGap && point.stage === 1)).toBe(true);
    const artifacts = messages.flatMap((message) => (message.type === 'artifact' ? [[message.name, message.stage]] : []));
    expect(artifacts).toEqual([
      ['rbm1-filters.json', 0],
      ['rbm1-filters-by-epoch.json', 0],
      ['rbm1-samples.json', 0],
    ]);
    model.dispose();
  });
});
