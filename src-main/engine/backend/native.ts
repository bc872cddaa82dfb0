import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions of src-native (layerlab_native.node). Offsets are float32 element offsets into `heap`. */
export interface NativeAddon {
  /**
   * isa: the kernel set chosen at load ('avx512' | 'avx2' | 'generic'; LAYERLAB_ISA forces one), cpuFeatures: the
   * vector features the addon detected, isaNote: why the set is not the CPU's best (empty when it is).
   */
  info(): {
    lib: string; core: string; config: string; threads: number; isa: string; cpuFeatures: string; isaNote: string;
    poolThreads: number;
  };
  dropoutMask(heap: ArrayBuffer, outOff: number, n: number, keep: number, seed: number): void;
  /** False when the pooling windows do not tile the input (then nothing was written). */
  maxPoolBiasActGrad(heap: ArrayBuffer, yOff: number, dyPoolOff: number, gOff: number, dbOff: number, act: number,
    ...poolShape: number[]): boolean;
  setThreads(n: number): void;
  matmul(
    heap: ArrayBuffer, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean,
    aOff: number, aBatchStride: number, bOff: number, bBatchStride: number, cOff: number,
    biasOff: number, biasSize: number, act: number, alpha: number,
  ): void;
  conv2d(heap: ArrayBuffer, xOff: number, wOff: number, yOff: number, biasOff: number, biasSize: number,
    act: number, alpha: number, ...shape: number[]): void;
  conv2dBackpropInput(heap: ArrayBuffer, dyOff: number, wOff: number, dxOff: number, ...shape: number[]): void;
  conv2dBackpropFilter(heap: ArrayBuffer, xOff: number, dyOff: number, dwOff: number, ...shape: number[]): void;
  pool(heap: ArrayBuffer, mode: number, xOff: number, yOff: number, ...shape: number[]): void;
  poolGrad(heap: ArrayBuffer, mode: number, xOff: number, dyOff: number, dxOff: number, ...shape: number[]): void;
  reluGrad(heap: ArrayBuffer, dyOff: number, yOff: number, outOff: number, n: number): void;
  biasActGrad(heap: ArrayBuffer, dyOff: number, yOff: number, gOff: number, dbOff: number, rows: number, cols: number,
    act: number): void;
  sgdMomentum(heap: ArrayBuffer, wOff: number, vOff: number, gOff: number, wOutOff: number, vOutOff: number, n: number,
    lr: number, momentum: number): void;
}

export interface NativeLoadResult {
  addon: NativeAddon | null;
  lib?: string;
  /** The BLAS kernel family in use (OpenBLAS core name), for diagnostics. */
  core?: string;
  threads: number;
  /** The addon's kernel set: 'avx512', 'avx2' or 'generic' (src-native/src/isa.cc). */
  isa?: string;
  /** Set when LAYERLAB_ISA asked for a kernel set other than the CPU's best (or one it lacks). */
  isaNote?: string;
  /** The first 12 hex digits of the .node file's SHA-256: which build of the addon this is. */
  version?: string;
  /** Why the addon is not in use, when it is not. */
  reason?: string;
}

const ADDON_FILE = 'layerlab_native.node';

function candidatePaths(): string[] {
  const out: string[] = [];
  if (process.env.LAYERLAB_NATIVE_PATH) out.push(process.env.LAYERLAB_NATIVE_PATH);
  let here: string | null = null;
  try {
    here = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    here = null;
  }
  // Walk up from this file (source tree or a bundle in out/) and from the working directory.
  for (const start of [here, process.cwd()]) {
    if (start == null) continue;
    let dir = start;
    for (let i = 0; i < 6; i++) {
      out.push(path.join(dir, 'src-native', 'build', 'Release', ADDON_FILE));
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return out;
}

/**
 * OpenBLAS 0.3.21 (Debian 12) does not know AMD Zen 4/5: it falls back to its AVX2 (Haswell)
 * kernels (and machines often pin OPENBLAS_CORETYPE=Haswell for that reason), about half the
 * speed of its AVX-512 (SkylakeX) kernels on those CPUs. OpenBLAS reads OPENBLAS_CORETYPE once,
 * when it is loaded, so the choice is made just before the addon is required, for this process
 * only (the variable is restored afterwards). LAYERLAB_BLAS_CORETYPE picks a core explicitly;
 * LAYERLAB_BLAS_CORETYPE=default keeps OpenBLAS's own choice. LAYERLAB_ISA=avx2 (generic) picks
 * OpenBLAS's Haswell (Nehalem) kernels, so the whole addon behaves as on a CPU without AVX-512.
 */
function chooseOpenBlasCore(): string | undefined {
  const explicit = process.env.LAYERLAB_BLAS_CORETYPE;
  if (explicit === 'default') return undefined;
  if (explicit) return explicit;
  if (process.platform !== 'linux') return undefined;
  // LAYERLAB_ISA=avx2 stands in for a CPU without AVX-512: OpenBLAS runs its AVX2 kernels too
  if (process.env.LAYERLAB_ISA === 'avx2') return 'Haswell';
  if (process.env.LAYERLAB_ISA === 'generic') return 'Nehalem';
  const current = process.env.OPENBLAS_CORETYPE;
  if (current && !/^(haswell|zen)$/i.test(current)) return undefined; // a deliberate non-AVX2 choice: keep it
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const flagsLine = cpuinfo.split('\n').find((l) => l.startsWith('flags')) ?? '';
    const flags = new Set(flagsLine.split(':')[1]?.trim().split(/\s+/) ?? []);
    const amd = cpuinfo.includes('AuthenticAMD');
    const avx512 = ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'avx512cd'].every((f) => flags.has(f));
    return amd && avx512 ? 'SkylakeX' : undefined;
  } catch {
    return undefined; // no /proc: leave OpenBLAS to its own detection
  }
}

function requireWithBlasCore(file: string, core: string | undefined): NativeAddon {
  const require = createRequire(import.meta.url);
  if (core == null) return require(file) as NativeAddon;
  const saved = process.env.OPENBLAS_CORETYPE;
  process.env.OPENBLAS_CORETYPE = core;
  try {
    return require(file) as NativeAddon;
  } finally {
    if (saved == null) delete process.env.OPENBLAS_CORETYPE;
    else process.env.OPENBLAS_CORETYPE = saved;
  }
}

/**
 * Loads the optional native addon. Never throws: when the addon is missing, disabled
 * (LAYERLAB_NATIVE=0 or enabled=false) or broken, `addon` is null and `reason` says why.
 */
export function loadNativeAddon(enabled: boolean, threads: number): NativeLoadResult {
  if (!enabled || process.env.LAYERLAB_NATIVE === '0') {
    return { addon: null, threads, reason: 'disabled (LAYERLAB_NATIVE=0 or native: false)' };
  }
  const file = candidatePaths().find((p) => existsSync(p));
  if (file == null) {
    return { addon: null, threads, reason: 'not built (run `npm run build:native`)' };
  }
  try {
    const addon = requireWithBlasCore(file, chooseOpenBlasCore());
    addon.setThreads(threads);
    const info = addon.info();
    return {
      addon, lib: info.lib, core: info.core, threads: info.threads, isa: info.isa,
      ...(info.isaNote ? { isaNote: info.isaNote } : {}),
      version: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12),
    };
  } catch (err) {
    return { addon: null, threads, reason: `failed to load ${file}: ${(err as Error).message}` };
  }
}
