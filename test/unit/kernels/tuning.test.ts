import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { getBackendInfo, setNativeKernels } from '../../../src-main/engine/backend';
import { cpuLabel } from '../../../src-main/engine/backend/cpu';
import { CHOICES_FILE, KernelTuner } from '../../../src-main/engine/backend/kernels/autotune';
import { TOLERANCE, compareWithCpu, randomArray, rng, setup } from './helpers';

const modes = await setup();
const dir = mkdtempSync(path.join(os.tmpdir(), 'layerlab-tuning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in tensor: the tuner only passes results through. */
const fake = (id: number) => ({ dataId: { id }, shape: [1], dtype: 'float32' as const });

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* spin */ }
}

describe('kernel choice per op and shape', () => {
  test('keeps the faster path, returns its result, disposes every other, and remembers the choice per machine', () => {
    const file = path.join(dir, CHOICES_FILE);
    const tuner = new KernelTuner('machine A', file);
    let next = 0;
    const live = new Set<number>();
    const make = () => {
      const t = fake(next++);
      live.add(t.dataId.id);
      return t;
    };
    const dispose = (t: { dataId: object }) => live.delete((t.dataId as { id: number }).id);
    const calls = { native: 0, wasm: 0 };
    const run = (p: 'native' | 'wasm') => {
      calls[p]++;
      busy(p === 'native' ? 3 : 0.3);
      return make();
    };
    const out = tuner.run('Conv2D x[64x28x28x1]', run, dispose);
    expect([...live]).toEqual([(out.dataId as { id: number }).id]);
    expect(tuner.choice('Conv2D x[64x28x28x1]')?.pick).toBe('wasm');
    expect(calls.native).toBeGreaterThan(1);
    // decided: only the chosen path runs now
    const before = { ...calls };
    tuner.run('Conv2D x[64x28x28x1]', run, dispose);
    expect(calls.native).toBe(before.native);
    expect(calls.wasm).toBe(before.wasm + 1);

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved['machine A']['Conv2D x[64x28x28x1]'].pick).toBe('wasm');
    expect(new KernelTuner('machine A', file).summary()).toEqual({ 'Conv2D x[64x28x28x1]': 'wasm' });
    expect(new KernelTuner('machine B', file).summary()).toEqual({});
  });

  test('an addon kernel faster than the wasm one, or too quick to time, stays', () => {
    const tuner = new KernelTuner('m', null);
    const dispose = () => true;
    tuner.run('slow wasm', (p) => (busy(p === 'wasm' ? 3 : 0.3), fake(0)), dispose);
    expect(tuner.choice('slow wasm')?.pick).toBe('native');
    let wasmCalls = 0;
    tuner.run('tiny', (p) => (p === 'wasm' && wasmCalls++, fake(0)), dispose);
    expect(tuner.choice('tiny')?.pick).toBe('native');
    expect(wasmCalls).toBe(0);
  });

  test.runIf(modes.includes('native'))('tuned kernels compute what the cpu backend does and name their choices in the backend info', async () => {
    setNativeKernels(true, true);
    try {
      const r = rng(16);
      const x = tf.tensor4d(randomArray(r, [8, 28, 28, 1]), [8, 28, 28, 1]);
      const w = tf.tensor4d(randomArray(r, [5, 5, 1, 6]), [5, 5, 1, 6]);
      for (let i = 0; i < 2; i++) {
        const err = await compareWithCpu(() => tf.conv2d(x, w, 1, 'same'));
        expect(err).toBeLessThan(TOLERANCE);
      }
      await tf.setBackend('wasm');
      const info = getBackendInfo()!;
      expect(Object.keys(info.kernels ?? {}).some((k) => k.startsWith('Conv2D filter[5x5x1x6] x[8x28x28x1]'))).toBe(true);
      expect(info.cpu).toBe(cpuLabel());
      expect(['avx512', 'avx2', 'generic']).toContain(info.isa);
      tf.dispose([x, w]);
    } finally {
      setNativeKernels(true);
    }
  });

  test.runIf(modes.includes('native'))('with the addon a lone process uses every core for its kernels', () => {
    expect(getBackendInfo()!.threads).toBe(process.env.LAYERLAB_THREADS ? Number(process.env.LAYERLAB_THREADS) : os.availableParallelism());
  });
});
