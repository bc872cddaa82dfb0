import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The vector features that decide which kernels run fast, in the order they are printed. */
const VECTOR_FEATURES = [
  'avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'avx512cd', 'avx512_vnni', 'avx512_bf16', 'avx2', 'fma', 'avx', 'sse4_2',
  'asimd', 'sve',
];

export interface CpuSummary {
  model: string;
  cores: number;
  /** The vector features of VECTOR_FEATURES the CPU has (Linux: /proc/cpuinfo; elsewhere empty). */
  features: string[];
}

let cached: CpuSummary | null = null;

export function cpuSummary(): CpuSummary {
  if (cached != null) return cached;
  const model = os.cpus()[0]?.model.trim() || os.arch();
  let features: string[] = [];
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const line = info.split('\n').find((l) => /^(flags|Features)\s*:/.test(l)) ?? '';
    const flags = new Set(line.split(':')[1]?.trim().split(/\s+/) ?? []);
    features = VECTOR_FEATURES.filter((f) => flags.has(f));
  } catch {
    // no /proc (macOS, Windows): the model name is all we print
  }
  cached = { model, cores: os.availableParallelism(), features };
  return cached;
}

/** "AMD EPYC, 2 cores, avx512f avx512bw … avx2 fma": what every benchmark prints beside its figures. */
export function cpuLabel(): string {
  const c = cpuSummary();
  return `${c.model}, ${c.cores} core${c.cores === 1 ? '' : 's'}${c.features.length ? `, ${c.features.join(' ')}` : ''}`;
}
