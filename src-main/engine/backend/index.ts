/**
 * Compute backend choice for the trainer: @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node
 * (optional dependencies), then a hardware WebGPU adapter (webgpu/; a software one only when asked
 * for by name), then the wasm backend with LayerLab's kernel overrides (and the
 * native BLAS addon from src-native when it is built), then the plain cpu backend.
 * Free of electron imports: runs under plain Node (tsx), vitest and the Electron utility process.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackendInfo } from '../../../src-shared/api/backend';
import { ensureGradients } from './gradients';
import { installWasmKernels } from './kernels/register';
import { activeGemmPool, setActiveGemmPool } from './gemm/active';
import { GemmPool } from './gemm/pool';
import { loadNativeAddon, type NativeAddon } from './native';
import { cpuLabel } from './cpu';
import type { KernelPath, KernelTuner } from './kernels/autotune';
import { createKernelTuner } from './tuning';
import { startWebgpu } from './webgpu';

export type { BackendInfo } from '../../../src-shared/api/backend';
export type BackendPreference = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface InitBackendOptions {
  /** Default: LAYERLAB_BACKEND, else 'auto' (tensorflow → hardware webgpu → wasm → cpu). */
  prefer?: BackendPreference;
  /** Use the native BLAS addon when it is built. Default: true unless LAYERLAB_NATIVE=0. */
  native?: boolean;
  /**
   * Threads: with the native addon its BLAS threads and its convolution/pooling threads, else the
   * trainer thread plus GEMM workers. Default: LAYERLAB_THREADS, else every core allowed by maxThreads
   * (at most 4 without the addon).
   */
  threads?: number;
  /** Cores this process may use (the run manager's share when several trainers run); default all. */
  maxThreads?: number;
  /**
   * Folder for kernel-choices.json, the per-machine record of which kernel (addon or wasm) is faster for
   * each op and shape (the data dir), and for gpu-probe.json, the machine's last WebGPU adapter probe.
   * Default: LAYERLAB_DATA_DIR, else the choices live in memory only and the adapter is probed every time.
   */
  cacheDir?: string;
}

interface BackendState {
  info: BackendInfo;
  addon: NativeAddon | null;
  /** Why the native addon is not in use, when it is not. */
  nativeReason?: string;
  /** BLAS kernel family of the addon (OpenBLAS core name). */
  nativeCore?: string;
  /** Picks the addon's or the wasm kernel per op and shape; null without the addon or with tuning off. */
  tuner?: KernelTuner | null;
}

let pending: Promise<BackendInfo> | null = null;
let state: BackendState | null = null;

/**
 * Chooses and initializes the tfjs backend once per process; later calls return the first
 * call's result whatever their options.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (pending == null) {
    pending = chooseBackend(options).catch((err: unknown) => {
      pending = null;
      throw err;
    });
  }
  return pending;
}

/** The backend chosen by initBackend, or null before it finished. */
export function getBackendInfo(): BackendInfo | null {
  if (state == null) return null;
  return state.tuner != null && state.info.native ? { ...state.info, kernels: state.tuner.summary() } : { ...state.info };
}

/**
 * Starts recording the addon-or-wasm choice of every op and shape one run uses, following `pinned` (an
 * earlier part of the same run or plan) over this machine's own; see KernelTuner.beginRun. False when
 * nothing is chosen here (no addon, tuning off, another backend).
 */
export function beginKernelRecord(pinned: Record<string, KernelPath>, onUse?: (used: Record<string, KernelPath>) => void): boolean {
  if (state?.tuner == null || !state.info.native) return false;
  state.tuner.beginRun(pinned, onUse);
  return true;
}

/** The choices the run begun by beginKernelRecord used (empty without one); this machine's own apply again. */
export function endKernelRecord(): Record<string, KernelPath> {
  return state?.tuner?.endRun() ?? {};
}

/** Why the native kernels are off (not built, disabled, failed to load), or undefined when they are on. */
export function nativeStatus(): string | undefined {
  return state?.nativeReason;
}

/** The OpenBLAS core (kernel family) the native addon runs, e.g. "SkylakeX" or "Haswell"; undefined without it. */
export function nativeBlasCore(): string | undefined {
  return state?.addon != null ? state.nativeCore : undefined;
}

/**
 * Switches the wasm backend between the native kernels and the wasm-only overrides (tests and
 * benchmarks compare both in one process). `tuned`: per op and shape the faster of the addon's and the
 * wasm kernel, as initBackend installs them; otherwise the addon's kernels only.
 * Returns whether native kernels are now active.
 */
export function setNativeKernels(enabled: boolean, tuned = false): boolean {
  if (state == null || state.info.name !== 'wasm') return false;
  const addon = enabled ? state.addon : null;
  installWasmKernels(addon, tuned ? (state.tuner ?? null) : null);
  state.info = { ...state.info, native: addon != null, nativeLib: addon != null ? state.info.nativeLib : undefined };
  return addon != null;
}

/**
 * Sets how many threads the wasm-only matmul kernels use: this one plus threads − 1 GEMM workers,
 * each with its own wasm instance. Returns the number in use (1 when the workers cannot start).
 */
export async function setWasmThreads(threads: number): Promise<number> {
  const inUse = await resizeGemmPool(threads);
  if (state?.info.name === 'wasm' && !state.info.native) state.info = { ...state.info, threads: inUse };
  return inUse;
}

async function resizeGemmPool(threads: number): Promise<number> {
  const current = activeGemmPool();
  if ((current?.size ?? 0) + 1 === threads) return threads;
  setActiveGemmPool(null);
  await current?.close();
  if (threads <= 1) return 1;
  try {
    setActiveGemmPool(await GemmPool.start(threads - 1, wasmDir()));
    return threads;
  } catch (err) {
    console.warn(`LayerLab: GEMM worker threads did not start, training on one thread: ${(err as Error).message}`);
    return 1;
  }
}

function envPreference(): BackendPreference | undefined {
  const v = process.env.LAYERLAB_BACKEND;
  return v === 'auto' || v === 'tensorflow' || v === 'webgpu' || v === 'wasm' || v === 'cpu' ? v : undefined;
}

function envThreads(): number | undefined {
  const v = Number.parseInt(process.env.LAYERLAB_THREADS ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

async function chooseBackend(options: InitBackendOptions): Promise<BackendInfo> {
  await ensureGradients();
  const prefer = options.prefer ?? envPreference() ?? 'auto';
  const maxThreads = Math.max(1, Math.min(options.maxThreads ?? os.availableParallelism(), os.availableParallelism()));
  const threads = options.threads ?? envThreads();
  const native = options.native ?? process.env.LAYERLAB_NATIVE !== '0';

  if (prefer === 'webgpu') {
    const gpu = await tryWebgpu(false);
    if (gpu.state == null) throw new Error(`LAYERLAB_BACKEND=webgpu: no WebGPU backend: ${gpu.reason}`);
    return commit(gpu.state);
  }
  if (prefer === 'auto' || prefer === 'tensorflow') {
    const s = await tryTensorflow();
    if (s != null) return commit(s);
  }
  let gpuNote: string | undefined;
  if (prefer === 'auto') {
    const gpu = await tryWebgpu(true, options.cacheDir ?? process.env.LAYERLAB_DATA_DIR);
    if (gpu.state != null) return commit(gpu.state);
    gpuNote = gpu.reason;
  }
  const withNote = (s: BackendState): BackendState => (gpuNote ? { ...s, info: { ...s.info, gpuNote: `no GPU: ${gpuNote}` } } : s);
  if (prefer !== 'cpu') {
    const s = await tryWasm(native, threads, maxThreads, options.cacheDir);
    if (s != null) return commit(withNote(s));
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('no TensorFlow.js backend could be initialized (tried cpu last)');
  return commit(withNote({ info: { name: 'cpu', native: false, threads: 1, tfjsVersion: tf.version_core }, addon: null }));
}

async function tryWebgpu(hardwareOnly: boolean, cacheDir?: string): Promise<{ state?: BackendState; reason?: string }> {
  const started = await startWebgpu(hardwareOnly, cacheDir);
  if (started.adapter == null) return { reason: started.reason };
  return {
    state: { info: { name: 'webgpu', native: false, threads: 1, tfjsVersion: tf.version_core, adapter: started.adapter }, addon: null },
  };
}

function commit(s: BackendState): BackendInfo {
  state = s;
  return { ...s.info };
}

async function tryTensorflow(): Promise<BackendState | null> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
      if (tf.findBackendFactory('tensorflow') != null && (await tf.setBackend('tensorflow'))) {
        return {
          info: { name: 'tensorflow', native: false, threads: os.cpus().length, tfjsVersion: tf.version_core },
          addon: null,
        };
      }
    } catch {
      // not installed on this machine (they are optional dependencies): try the next one
    }
  }
  return null;
}

/** Folder holding tfjs-backend-wasm's .wasm files (LAYERLAB_WASM_DIR overrides, e.g. for a packaged app). */
export function wasmDir(): string {
  const fromEnv = process.env.LAYERLAB_WASM_DIR;
  if (fromEnv && existsSync(path.join(fromEnv, 'tfjs-backend-wasm.wasm'))) return fromEnv;
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

let wasmPathsSet = false;

async function tryWasm(
  native: boolean, threads: number | undefined, maxThreads: number, cacheDir: string | undefined,
): Promise<BackendState | null> {
  try {
    if (!wasmPathsSet) {
      setWasmPaths(wasmDir() + path.sep);
      wasmPathsSet = true;
    }
    if (!(await tf.setBackend('wasm'))) return null;
  } catch {
    return null;
  }
  const loaded = loadNativeAddon(native, Math.min(threads ?? maxThreads, maxThreads));
  const tuner = createKernelTuner(loaded, cacheDir);
  installWasmKernels(loaded.addon, tuner);
  const wasmThreads = loaded.addon != null ? 1 : await setWasmThreads(Math.min(threads ?? Math.min(maxThreads, 4), maxThreads));
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return {
    info: {
      name: 'wasm',
      native: loaded.addon != null,
      ...(loaded.lib != null ? { nativeLib: loaded.lib } : {}),
      threads: loaded.addon != null ? loaded.threads : wasmThreads,
      simd,
      tfjsVersion: tf.version_core,
      cpu: cpuLabel(),
      ...(loaded.isa != null ? { isa: loaded.isa } : {}),
      ...(tuner != null ? { kernels: tuner.summary() } : {}),
    },
    addon: loaded.addon,
    nativeReason: loaded.reason,
    nativeCore: loaded.core,
    tuner,
  };
}

export {
  biasActGrad, conv2dLayer, denseLayer, dropout, reluGrad, sgdMomentumUpdate, softmaxCrossEntropy,
  type Conv2dLayerOptions, type DenseLayerOptions, type LayerActivation,
} from './train-ops';
