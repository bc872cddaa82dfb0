import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { createModel, randomBatch, sgdMomentum, type ModelName, type OpsFlavour } from '../../bench/models';
import { relError, setup, useMode, type Mode } from './helpers';

const modes: Mode[] = await setup();

/** Losses of a few SGD-momentum steps of a bench model on one backend (same seeds every time). */
async function losses(backend: 'cpu' | 'wasm', name: ModelName, steps: number, ops: OpsFlavour): Promise<Float32Array> {
  await tf.setBackend(backend);
  const model = createModel(name, 3, name === 'mlp' ? 24 : 12, ops);
  const { x, oneHot } = randomBatch(model, 5);
  const opt = sgdMomentum(model, 0.05, 0.9);
  const out = new Float32Array(steps);
  for (let i = 0; i < steps; i++) out[i] = opt.step(model, x, oneHot);
  opt.dispose();
  tf.dispose([x, oneHot, ...model.params]);
  return out;
}

describe.each(['mlp', 'lenet'] as const)('training steps of %s', (name) => {
  const steps = 4;
  let ref: Float32Array | undefined;
  const cases = modes.flatMap((mode) => (['layerlab', 'plain'] as const).map((ops) => [mode, ops] as const));
  test.each(cases)('give the same losses on wasm (%s kernels, %s ops) as plain ops on cpu', async (mode, ops) => {
    useMode(mode);
    ref ??= await losses('cpu', name, steps, 'plain');
    const got = await losses('wasm', name, steps, ops);
    expect(ref[steps - 1]).toBeLessThan(ref[0]); // it learns
    expect(relError(got, ref), `cpu ${Array.from(ref)} vs wasm ${Array.from(got)}`).toBeLessThan(1e-4);
  });
});
