import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { cpuLabel } from './cpu';
import { CHOICES_FILE, KernelTuner } from './kernels/autotune';
import type { NativeLoadResult } from './native';

/**
 * The tuner that picks addon or wasm kernels per op and shape (kernels/autotune.ts), or null without the
 * addon or with LAYERLAB_KERNEL_TUNING=0 (then the addon's kernels always run). Its choices are kept in
 * `dir`/kernel-choices.json (the data dir; default LAYERLAB_DATA_DIR, else in memory only) under a key
 * naming everything the timings depend on.
 */
export function createKernelTuner(loaded: NativeLoadResult, dir: string | undefined): KernelTuner | null {
  if (loaded.addon == null || process.env.LAYERLAB_KERNEL_TUNING === '0') return null;
  const machine = [
    cpuLabel(), `isa ${loaded.isa ?? '?'}`, `blas ${loaded.lib ?? '?'} ${loaded.core ?? ''}`.trim(),
    `addon ${loaded.version ?? '?'}`, `threads ${loaded.threads}`, `tfjs ${tf.version_core}`,
  ].join('; ');
  const base = dir ?? process.env.LAYERLAB_DATA_DIR;
  return new KernelTuner(machine, base ? path.join(base, CHOICES_FILE) : null);
}
