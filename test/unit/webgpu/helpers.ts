import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src-main/engine/backend';
import { relError } from '../kernels/helpers';

export { randInt, randomArray, relError, rng } from '../kernels/helpers';

/** Element-wise kernels, products and convolutions: max error relative to the cpu result's largest magnitude. */
export const TOLERANCE = 1e-4;

/**
 * Starts the webgpu backend (the software device is fine: tests ask for it by name). Without a WebGPU
 * adapter the tests skip, except under CI=true, where .ci/run installs Mesa's lavapipe and they must run.
 */
export async function webgpuAvailable(): Promise<boolean> {
  try {
    const info = await initBackend({ prefer: 'webgpu' });
    if (info.name !== 'webgpu') throw new Error(`expected the webgpu backend, got ${info.name}`);
    return true;
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`CI=true and the webgpu backend did not start (.ci/run installs mesa-vulkan-drivers from bookworm-backports): ${(err as Error).message}`);
    console.warn(`webgpu tests skipped: ${(err as Error).message}`);
    return false;
  }
}

export type Values = { shape: number[]; values: Float32Array }[];

/** Runs fn on one backend and returns copies of its outputs' values; fails on leaked tensors. */
export async function computeOn(backend: 'cpu' | 'webgpu', fn: () => tf.Tensor | tf.Tensor[]): Promise<Values> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const res = list.map((t) => ({ shape: t.shape, values: Float32Array.from(t.dataSync() as Float32Array) }));
  tf.dispose(list);
  if (tf.memory().numTensors !== before) throw new Error(`leaked ${tf.memory().numTensors - before} tensors on ${backend}`);
  return res;
}

/** fn on cpu (the reference) and on webgpu: the worst relative error over the outputs. */
export async function webgpuError(fn: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const ref = await computeOn('cpu', fn);
  const got = await computeOn('webgpu', fn);
  return worstError(got, ref);
}

export function worstError(got: Values, ref: Values): number {
  let worst = 0;
  ref.forEach((r, i) => {
    const g = got[i];
    if (g == null || g.shape.join() !== r.shape.join()) throw new Error(`output ${i}: webgpu shape [${g?.shape}] differs from cpu shape [${r.shape}]`);
    worst = Math.max(worst, relError(g.values, r.values));
  });
  return worst;
}
