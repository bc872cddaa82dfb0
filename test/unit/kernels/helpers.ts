import * as tf from '@tensorflow/tfjs-core';
import { getBackendInfo, initBackend, nativeStatus, setNativeKernels } from '../../../src-main/engine/backend';
import { createRng } from '../../../src-main/engine/rng';

/** Which kernel sets to test on wasm: the native addon's (when it loads) and the wasm-only ones. */
export type Mode = 'native' | 'wasm-only';

export async function setup(): Promise<Mode[]> {
  const info = await initBackend({ prefer: 'wasm' });
  if (info.name !== 'wasm') throw new Error(`expected the wasm backend, got ${info.name}`);
  const modes: Mode[] = [];
  if (setNativeKernels(true)) {
    // a forced kernel set (LAYERLAB_ISA=avx2 …) must really be the one under test
    const want = process.env.LAYERLAB_ISA;
    const isa = getBackendInfo()?.isa;
    if (want && isa !== want) throw new Error(`LAYERLAB_ISA=${want} but the addon runs its ${isa} kernels`);
    modes.push('native');
  }
  else if (process.env.LAYERLAB_NATIVE !== '0' && process.env.LAYERLAB_REQUIRE_NATIVE === '1') {
    throw new Error(`native kernels required but unavailable: ${nativeStatus()}`);
  }
  modes.push('wasm-only');
  return modes;
}

export function useMode(mode: Mode): void {
  setNativeKernels(mode === 'native');
}

/** Uniform [0, 1) draws from the engine's seeded generator. */
export function rng(seed: number): () => number {
  return createRng(seed).uniform;
}

export function randomArray(r: () => number, shape: number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r() * 2 - 1;
  return out;
}

export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

/** Runs fn on one backend and returns copies of its outputs' values. */
export async function compute(backend: 'cpu' | 'wasm', fn: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const res = list.map((t) => ({ shape: t.shape, values: Float32Array.from(t.dataSync() as Float32Array) }));
  tf.dispose(list);
  if (tf.memory().numTensors !== before) throw new Error(`leaked ${tf.memory().numTensors - before} tensors on ${backend}`);
  return res;
}

/** max|a − b| / max|b|: the error relative to the reference's scale. */
export function relError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= diff)) diff = d; // NaN-propagating max
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Computes fn on cpu (reference) and on wasm, and returns the worst relative error over the outputs. */
export async function compareWithCpu(fn: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const ref = await compute('cpu', fn);
  const got = await compute('wasm', fn);
  let worst = 0;
  ref.forEach((r, i) => {
    const g = got[i];
    if (g == null || g.shape.join() !== r.shape.join()) {
      throw new Error(`output ${i}: wasm shape [${g?.shape}] differs from cpu shape [${r.shape}]`);
    }
    worst = Math.max(worst, relError(g.values, r.values));
  });
  return worst;
}

export const TOLERANCE = 1e-4;
