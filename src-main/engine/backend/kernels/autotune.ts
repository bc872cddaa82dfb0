import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The kernel families LayerLab has for an op on the wasm backend: the native addon's and the wasm/XNNPACK ones. */
export type KernelPath = 'native' | 'wasm';

export interface KernelChoice {
  pick: KernelPath;
  /** The best time of each path on this op and shape, in milliseconds. */
  nativeMs: number;
  wasmMs: number;
}

/** Timed rounds of each path on an op and shape (after one warm-up call each) before the faster is kept. */
export const TUNING_ROUNDS = 3;
/** An op whose addon kernel takes less than this (ms) keeps it: nothing to gain, and its timings are noise. */
export const TINY_MS = 0.05;
/** The wasm kernel is kept only when it is this much faster (a ratio of the best times), so near ties stay put. */
export const WASM_MARGIN = 0.8;

/** File in the data dir holding the choices, per machine (see KernelTuner.machine). */
export const CHOICES_FILE = 'kernel-choices.json';

type ChoicesFile = Record<string, Record<string, KernelChoice>>;

/**
 * Chooses, per op and shape, between the addon's kernel and the wasm one, the way cuDNN's benchmark
 * mode does: the first call of an op and shape runs both a few times, times them and keeps the faster
 * (results of the other runs are disposed); from then on only that one runs. The choice is made before
 * any result is used, and kept per machine (CPU model, vector features, kernel set, addon build, threads)
 * in `file`, so every run on a machine with the same choices computes the same numbers.
 */
export class KernelTuner {
  private readonly choices = new Map<string, KernelChoice>();
  /** During a run (beginRun…endRun): the choice of every op and shape it ran, and whom to tell of a new one. */
  private activeRun: { used: Map<string, KernelPath>; onUse: (used: Record<string, KernelPath>) => void; overridden: Map<string, KernelChoice | undefined> } | null = null;

  /**
   * @param machine what the timings depend on besides the op: CPU, features, kernel set, addon build, threads
   * @param file the JSON file of choices (created when missing), or null to keep them in memory only
   */
  constructor(readonly machine: string, private readonly file: string | null) {
    if (file == null) return;
    for (const [key, choice] of Object.entries(readChoices(file)[machine] ?? {})) {
      if (choice.pick === 'native' || choice.pick === 'wasm') this.choices.set(key, choice);
    }
  }

  /** Every choice made on this machine so far: op key → path. */
  summary(): Record<string, KernelPath> {
    return Object.fromEntries([...this.choices].map(([k, c]) => [k, c.pick]));
  }

  choice(key: string): KernelChoice | undefined {
    return this.choices.get(key);
  }

  /**
   * Starts recording the choices one run uses. `pinned` (the choices an earlier part of the same run or plan
   * used) are followed instead of this machine's, for this run only and without being stored as this
   * machine's timings, so a resumed run computes with the kernels it started with. `onUse` hears of every
   * op and shape the run uses for the first time, with all the run's choices so far.
   */
  beginRun(pinned: Record<string, KernelPath>, onUse: (used: Record<string, KernelPath>) => void = () => {}): void {
    this.endRun();
    const overridden = new Map<string, KernelChoice | undefined>();
    for (const [key, pick] of Object.entries(pinned)) {
      if (pick !== 'native' && pick !== 'wasm') continue;
      overridden.set(key, this.choices.get(key));
      this.choices.set(key, { pick, nativeMs: -1, wasmMs: -1 });
    }
    this.activeRun = { used: new Map(), onUse, overridden };
  }

  /** Ends the run begun by beginRun: returns the choices it used and restores this machine's own. */
  endRun(): Record<string, KernelPath> {
    const current = this.activeRun;
    if (current == null) return {};
    this.activeRun = null;
    for (const [key, own] of current.overridden) {
      if (own == null) this.choices.delete(key);
      else this.choices.set(key, own);
    }
    return Object.fromEntries(current.used);
  }

  private noteUse(key: string, pick: KernelPath): void {
    const current = this.activeRun;
    if (current == null || current.used.has(key)) return;
    current.used.set(key, pick);
    current.onUse(Object.fromEntries(current.used));
  }

  /**
   * Runs the op for `key` on its chosen path, choosing it first if this is the op and shape's first call:
   * `run(path)` computes the op, `dispose` frees a result that is not returned.
   */
  run(key: string, run: (p: KernelPath) => TensorInfo, dispose: (t: TensorInfo) => void): TensorInfo {
    const decided = this.choices.get(key);
    if (decided != null) {
      this.noteUse(key, decided.pick);
      return run(decided.pick);
    }
    const timed = (p: KernelPath): { out: TensorInfo; ms: number } => {
      const t0 = performance.now();
      const out = run(p);
      return { out, ms: performance.now() - t0 };
    };
    dispose(run('native')); // warm-up
    let native = timed('native');
    if (native.ms < TINY_MS) {
      this.decide(key, { pick: 'native', nativeMs: round3(native.ms), wasmMs: -1 });
      return native.out;
    }
    dispose(run('wasm')); // warm-up (XNNPACK builds its operator on a first call)
    let wasm = timed('wasm');
    let nativeMs = native.ms;
    let wasmMs = wasm.ms;
    for (let r = 1; r < TUNING_ROUNDS; r++) {
      // alternate which goes first, so neither always finds the caches warm
      dispose(wasm.out);
      wasm = timed('wasm');
      dispose(native.out);
      native = timed('native');
      nativeMs = Math.min(nativeMs, native.ms);
      wasmMs = Math.min(wasmMs, wasm.ms);
    }
    const pick: KernelPath = wasmMs < nativeMs * WASM_MARGIN ? 'wasm' : 'native';
    this.decide(key, { pick, nativeMs: round3(nativeMs), wasmMs: round3(wasmMs) });
    dispose(pick === 'native' ? wasm.out : native.out);
    return pick === 'native' ? native.out : wasm.out;
  }

  private decide(key: string, choice: KernelChoice): void {
    this.choices.set(key, choice);
    this.noteUse(key, choice.pick);
    if (this.file == null) return;
    try {
      // re-read: another trainer on this machine may have added choices since
      const all = readChoices(this.file);
      all[this.machine] = { ...(all[this.machine] ?? {}), [key]: choice };
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(all, null, 1));
      renameSync(tmp, this.file);
    } catch {
      // a read-only or full data dir: the choice holds for this process only
    }
  }
}

function readChoices(file: string): ChoicesFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed != null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ChoicesFile) : {};
  } catch {
    return {}; // missing or damaged: measured again
  }
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The part of a kernel call its speed depends on: op name, input shapes, and the attributes that change the work. */
export function opKey(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): string {
  const shapes = Object.entries(inputs)
    .filter(([, t]) => t != null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, t]) => `${k}[${t.shape.join('x')}]`)
    .join(' ');
  const keep = Object.entries(attrs)
    .filter(([, v]) => v != null && typeof v !== 'object' ? true : Array.isArray(v))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('x') : String(v)}`)
    .join(' ');
  return `${name} ${shapes}${keep ? ` ${keep}` : ''}`;
}
